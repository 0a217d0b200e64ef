package dev.converge.emulator.hub;

import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.auth.Keyring;
import dev.converge.emulator.auth.ResourceUri;
import dev.converge.emulator.auth.SasToken;
import dev.converge.emulator.auth.SasTokenParse;
import dev.converge.emulator.auth.SasVerdict;
import dev.converge.emulator.auth.SasVerifier;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.identity.IdentityRegistry;
import dev.converge.emulator.tls.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a request may act as a device or module, as IoT Hub decides it on every door (MQTT CONNECT, HTTPS): the
 * identity must be registered and enabled; a SAS identity's token must be signed with one of its keys, name exactly its
 * resource (not a prefix of it) and not be expired; an X.509 identity must present a TLS client certificate whose
 * SHA-1 or SHA-256 thumbprint is registered.
 */
public final class DeviceAuthentication {

  private final String hostName;
  private final IdentityRegistry identities;
  private final SasVerifier verifier;

  public DeviceAuthentication(String hostName, IdentityRegistry identities, Clock clock) {
    this.hostName = hostName;
    this.identities = identities;
    this.verifier = new SasVerifier(clock);
  }

  /**
   * When the credentials that let {@code id} in stop being valid: the SAS token's {@code se} for a SAS identity, empty
   * for an X.509 identity (its certificate was checked at the TLS handshake). Meant for credentials {@link #problem}
   * accepted.
   */
  public Optional<Instant> validUntil(IdentityId id, @Nullable String sasToken) {
    boolean usesSas = identities.get(id).map(i -> i.credentials() instanceof Credentials.SymmetricKey).orElse(false);
    if (!usesSas || sasToken == null || !(SasToken.parse(sasToken) instanceof SasTokenParse.Parsed parsed)) {
      return Optional.empty();
    }
    return Optional.of(parsed.token().expiry());
  }

  /**
   * Why the caller may not act as {@code id}, or empty when it may. The reason names what is wrong for the
   * emulator's log; callers answer only IoT Hub's "not authorized".
   *
   * @param sasToken the SAS token presented (MQTT password, HTTP Authorization header), or null
   * @param certificate the TLS client certificate presented, or null
   */
  public Optional<String> problem(IdentityId id, @Nullable String sasToken, @Nullable X509Certificate certificate) {
    Optional<Identity> found = identities.get(id);
    if (found.isEmpty()) {
      return Optional.of(id + " is not registered");
    }
    Identity identity = found.get();
    if (!identity.enabled()) {
      return Optional.of(id + " is disabled");
    }
    if (identity.credentials() instanceof Credentials.SymmetricKey keys) {
      if (sasToken == null || sasToken.isEmpty()) {
        return Optional.of(id + " uses SAS authentication but presented no token");
      }
      // A module may also sign for its device's resource, as Azure IoT Edge's hub accepts (SasVerifier#verifyIdentity).
      ResourceUri device = ResourceUri.device(hostName, id.deviceId());
      List<ResourceUri> audiences = id.isModule()
          ? List.of(ResourceUri.module(hostName, id.deviceId(), id.moduleId()), device)
          : List.of(device);
      SasVerdict verdict = verifier.verifyIdentity(
          sasToken, audiences, Keyring.ofIdentity(new AccessKeys(keys.primaryKey(), keys.secondaryKey())));
      return verdict.isAccepted() ? Optional.empty() : Optional.of(id + ": " + verdict.message());
    }
    Credentials.X509Thumbprint prints = (Credentials.X509Thumbprint) identity.credentials();
    if (certificate == null) {
      return Optional.of(id + " uses X.509 authentication but presented no client certificate");
    }
    String sha1 = Thumbprint.sha1(certificate).hex();
    if (prints.accepts(sha1) || prints.accepts(Thumbprint.sha256(certificate).hex())) {
      return Optional.empty();
    }
    return Optional.of(id + ": client certificate thumbprint " + sha1 + " is not registered");
  }
}
