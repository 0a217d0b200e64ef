package dev.converge.agent.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the agent's IoT Hub identity comes from, as the config file declares it. Secrets are kept out of
 * {@code toString}, so a logged config never shows a key.
 */
public sealed interface IdentitySpec {

  /** A device or module connection string, given inline or read from a file (dev and lab use). */
  record ConnectionString(String value) implements IdentitySpec {
    public ConnectionString {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return "ConnectionString[<redacted>]";
    }
  }

  /** Provisioning through DPS with the official provisioning client. */
  record Dps(String globalEndpoint, String idScope, String registrationId, Attestation attestation)
      implements IdentitySpec {
    public static final String GLOBAL_ENDPOINT = "global.azure-devices-provisioning.net";

    public Dps {
      Objects.requireNonNull(globalEndpoint, "globalEndpoint");
      Objects.requireNonNull(idScope, "idScope");
      Objects.requireNonNull(registrationId, "registrationId");
      Objects.requireNonNull(attestation, "attestation");
    }
  }

  /** How the device proves itself to DPS. */
  sealed interface Attestation {}

  /** An individual enrollment's key, or a key derived from a group key for this registration id. */
  record SymmetricKey(String base64Key) implements Attestation {
    public SymmetricKey {
      Objects.requireNonNull(base64Key, "base64Key");
    }

    @Override
    public String toString() {
      return "SymmetricKey[<redacted>]";
    }
  }

  /** A device certificate (PEM, leaf first) and its private key (PEM, PKCS#8). */
  record X509(Path certificateFile, Path privateKeyFile) implements Attestation {
    public X509 {
      Objects.requireNonNull(certificateFile, "certificateFile");
      Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    }
  }
}
