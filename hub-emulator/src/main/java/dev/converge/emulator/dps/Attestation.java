package dev.converge.emulator.dps;

import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.tls.Thumbprint;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** How an enrolled device proves who it is to DPS. TPM is not supported by this emulator. */
public sealed interface Attestation {

  /** The {@code attestation.type} DPS uses in its service API: {@code symmetricKey} or {@code x509}. */
  String type();

  /** Symmetric keys: the device signs its SAS token with either key (for a group, with the key derived from it). */
  static SymmetricKey symmetricKey(AccessKeys keys) {
    return new SymmetricKey(keys);
  }

  /** The device's own certificate, matched by its SHA-1 thumbprint as IoT Hub stores self-signed devices. */
  static X509 x509(X509Certificate certificate) {
    return new X509(Thumbprint.sha1(certificate), null);
  }

  /** @param keys Base64 primary and secondary keys */
  record SymmetricKey(AccessKeys keys) implements Attestation {
    public SymmetricKey {
      Objects.requireNonNull(keys, "keys");
    }

    @Override
    public String type() {
      return "symmetricKey";
    }
  }

  /**
   * A device certificate known by thumbprint: the TLS client certificate must have the primary or secondary one.
   *
   * @param secondary a second accepted certificate (for rolling certificates), or null
   */
  record X509(Thumbprint primary, @Nullable Thumbprint secondary) implements Attestation {
    public X509 {
      Objects.requireNonNull(primary, "primary");
    }

    @Override
    public String type() {
      return "x509";
    }

    /** Whether {@code certificate} is one of the enrolled ones. */
    public boolean accepts(X509Certificate certificate) {
      return primary.matches(certificate) || (secondary != null && secondary.matches(certificate));
    }

    /** The self-signed credentials DPS gives the device in the hub: the same thumbprints. */
    Credentials.X509Thumbprint deviceCredentials() {
      return new Credentials.X509Thumbprint(primary.hex(), secondary == null ? primary.hex() : secondary.hex());
    }
  }
}
