package dev.converge.emulator.upload;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.auth.Keyring;
import dev.converge.emulator.auth.ResourceUri;
import dev.converge.emulator.auth.SasVerdict;
import dev.converge.emulator.auth.SasVerifier;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.identity.IdentityRegistry;
import dev.converge.emulator.tls.Thumbprint;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates a device's HTTPS request to the hub as IoT Hub does: a SAS device signs {@code Authorization:
 * SharedAccessSignature sr={hostName}/devices/{deviceId}..} with one of its keys; an X.509 device presents a TLS client
 * certificate with a registered thumbprint. The identity must exist and be enabled.
 */
final class DeviceAuthenticator {

  private final String hostName;
  private final IdentityRegistry identities;
  private final SasVerifier verifier;

  DeviceAuthenticator(String hostName, IdentityRegistry identities, SasVerifier verifier) {
    this.hostName = hostName;
    this.identities = identities;
    this.verifier = verifier;
  }

  /** Why the request may not act as {@code deviceId}, or empty when it may. The reason is for the log only. */
  Optional<String> problem(HttpExchange exchange, String deviceId) {
    IdentityId id = IdentityId.device(deviceId);
    Optional<Identity> found = identities.get(id);
    if (found.isEmpty()) {
      return Optional.of(id + " is not registered");
    }
    if (!found.get().enabled()) {
      return Optional.of(id + " is disabled");
    }
    if (found.get().credentials() instanceof Credentials.SymmetricKey keys) {
      String token = exchange.getRequestHeaders().getFirst("Authorization");
      if (token == null) {
        return Optional.of(id + " sent no Authorization header");
      }
      SasVerdict verdict = verifier.verify(token, ResourceUri.device(hostName, deviceId),
          Keyring.ofIdentity(new AccessKeys(keys.primaryKey(), keys.secondaryKey())));
      return verdict.isAccepted() ? Optional.empty() : Optional.of(id + ": " + verdict.message());
    }
    Credentials.X509Thumbprint prints = (Credentials.X509Thumbprint) found.get().credentials();
    X509Certificate certificate = clientCertificate(exchange);
    if (certificate == null) {
      return Optional.of(id + " uses X.509 but presented no client certificate");
    }
    boolean known = prints.accepts(Thumbprint.sha1(certificate).hex())
        || prints.accepts(Thumbprint.sha256(certificate).hex());
    return known ? Optional.empty() : Optional.of(id + ": client certificate is not the registered one");
  }

  private static @Nullable X509Certificate clientCertificate(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return null;
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
