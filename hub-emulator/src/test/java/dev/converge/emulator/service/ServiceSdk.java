package dev.converge.emulator.service;

import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.tls.ClientTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * The official service SDK pointed at a {@link LocalHub}. The SDK has no TLS option: its {@code HttpRequest} opens a
 * plain {@code HttpsURLConnection}, so the JVM defaults must trust the hub's CA (and nothing else, so a test can never
 * pass by reaching a real hub). Host names resolve through {@code HostsFile}; hostname verification stays on.
 */
final class ServiceSdk {

  private ServiceSdk() {}

  /** Makes the JVM's default TLS trust exactly {@code hub}'s CA; call before the first SDK request of a test class. */
  static void trust(LocalHub hub) {
    try {
      SSLContext context = ClientTls.trusting(hub.caFile());
      SSLContext.setDefault(context);
      HttpsURLConnection.setDefaultSSLSocketFactory(context.getSocketFactory());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A service token exactly as the SDK signs one from {@code hub}'s owner connection string. */
  static String token(LocalHub hub) {
    IotHubConnectionString parsed =
        IotHubConnectionStringBuilder.createIotHubConnectionString(hub.serviceConnectionString());
    return new IotHubServiceSasToken(parsed).toString();
  }

  /** What a raw HTTPS request got back. */
  record Reply(int status, Map<String, List<String>> headers, String body) {}

  /**
   * One raw request to {@code https://<host>:443<pathAndQuery>}, for what the SDK cannot send (e.g. {@code GET
   * /devices}, a missing api-version).
   */
  static Reply call(LocalHub hub, String method, String pathAndQuery, String authorization, String body) {
    try {
      URL url = new URL("https://" + hub.config().hostName() + pathAndQuery);
      HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
      connection.setRequestMethod(method);
      connection.setRequestProperty("Authorization", authorization);
      connection.setRequestProperty("Content-Type", "application/json; charset=utf-8");
      if (!body.isEmpty()) {
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      if (in != null) {
        try (in) {
          in.transferTo(text);
        }
      }
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      connection.getHeaderFields().forEach((name, values) -> {
        if (name != null) {
          headers.put(name, values);
        }
      });
      return new Reply(status, headers, text.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
