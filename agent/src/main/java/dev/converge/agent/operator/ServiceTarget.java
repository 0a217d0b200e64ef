package dev.converge.agent.operator;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClient;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.converge.agent.identity.ConnectionStringParts;
import dev.converge.emulator.tls.ClientTls;
import dev.converge.tpm.SasToken;
import dev.converge.tpm.SoftwareHmacSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import org.jspecify.annotations.Nullable;

/**
 * Which hub the operator commands talk to, and with which rights: a service connection string ({@code
 * HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}), optionally a gateway address that HTTPS goes to
 * instead of the host name, and optionally the CA certificate to trust (the local hub's own).
 *
 * <p>With a gateway, the clients get the gateway as their host (the SDK builds {@code https://<host>/...}) and a SAS
 * token signed for the real host name, so the hub sees exactly the token it expects; no name resolution is needed.
 */
public record ServiceTarget(
    String hostName, String policyName, String key, @Nullable String gateway, @Nullable Path caFile) {

  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  public ServiceTarget {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Reads a service connection string.
   *
   * @throws IllegalArgumentException naming the missing or malformed part
   */
  public static ServiceTarget parse(String connectionString) {
    ConnectionStringParts parts = ConnectionStringParts.parse(connectionString, "service connection string");
    return new ServiceTarget(parts.required("HostName"), parts.required("SharedAccessKeyName"),
        parts.required("SharedAccessKey"), parts.get("GatewayHostName").orElse(null), null);
  }

  public ServiceTarget withGateway(@Nullable String address) {
    return new ServiceTarget(hostName, policyName, key, address, caFile);
  }

  public ServiceTarget withCa(@Nullable Path ca) {
    return new ServiceTarget(hostName, policyName, key, gateway, ca);
  }

  public ConfigurationsClient configurations() {
    trust();
    return gateway == null
        ? new ConfigurationsClient(connectionString())
        : new ConfigurationsClient(gateway, credential());
  }

  public TwinClient twins() {
    trust();
    return gateway == null ? new TwinClient(connectionString()) : new TwinClient(gateway, credential());
  }

  public DirectMethodsClient methods() {
    trust();
    return gateway == null
        ? new DirectMethodsClient(connectionString())
        : new DirectMethodsClient(gateway, credential());
  }

  /** Where requests go, for messages. */
  public String endpoint() {
    return gateway == null ? hostName : hostName + " via " + gateway;
  }

  private String connectionString() {
    return "HostName=" + hostName + ";SharedAccessKeyName=" + policyName + ";SharedAccessKey=" + key;
  }

  private AzureSasCredential credential() {
    SasToken token = SasToken.signForPolicy(
        hostName.toLowerCase(Locale.ROOT), policyName, Instant.now().plus(TOKEN_LIFETIME),
        SoftwareHmacSigner.fromBase64(key));
    return new AzureSasCredential(token.value());
  }

  /**
   * The service SDK opens plain {@code HttpsURLConnection}s, which use the process-wide default socket factory; a
   * command that targets the local hub trusts its CA for this process only, never by disabling verification.
   */
  private void trust() {
    if (caFile != null) {
      try {
        HttpsURLConnection.setDefaultSSLSocketFactory(ClientTls.trusting(caFile).getSocketFactory());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the CA certificate " + caFile, e);
      }
    }
  }

  @Override
  public String toString() {
    return "ServiceTarget[" + endpoint() + ", policy " + policyName + "]";
  }
}
