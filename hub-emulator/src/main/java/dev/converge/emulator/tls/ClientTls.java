package dev.converge.emulator.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Client contexts that trust only the given CA certificates (typically {@code hub-ca.pem}), never the JDK's default
 * roots, so a test cannot pass by reaching a real service. Hand the result to the device SDK as {@code
 * ClientOptions.sslContext} (optionally through {@link NoDelaySslContext#wrap}). Hostname verification is the
 * caller's: Paho turns it on; raw sockets need {@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}.
 */
public final class ClientTls {

  private ClientTls() {}

  /** Trusts the certificates in the PEM file {@code caFile}; presents no client certificate. */
  public static SSLContext trusting(Path caFile) throws IOException {
    return trusting(Pem.readCertificates(caFile), null);
  }

  /** Trusts the certificates in {@code caFile} and presents {@code client} if the server asks (X.509 devices). */
  public static SSLContext trusting(Path caFile, CertifiedKey client) throws IOException {
    return trusting(Pem.readCertificates(caFile), Objects.requireNonNull(client, "client"));
  }

  /** Trusts the JVM's trust store (a real hub); presents {@code client}, if given, when the server asks. */
  public static SSLContext trustingSystem(@Nullable CertifiedKey client) {
    return build(null, client);
  }

  /** Trusts exactly {@code anchors}; presents {@code client}, if given, when the server asks. */
  public static SSLContext trusting(List<X509Certificate> anchors, @Nullable CertifiedKey client) {
    return build(Objects.requireNonNull(anchors, "anchors"), client);
  }

  private static SSLContext build(@Nullable List<X509Certificate> anchors, @Nullable CertifiedKey client) {
    if (anchors != null && anchors.isEmpty()) {
      throw new IllegalArgumentException("a client must trust at least one CA certificate");
    }
    try {
      KeyStore trusted = null; // null: the JVM's default trust store
      if (anchors != null) {
        trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
          trusted.setCertificateEntry("ca-" + i, anchors.get(i));
        }
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      KeyManager[] keyManagers = null;
      if (client != null) {
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", client.privateKey(), password, client.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        keyManagers = factory.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trust.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build client TLS", e);
    }
  }
}
