package dev.converge.agent.identity;

import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.tpm.HmacSigner;
import dev.converge.tpm.SlotUri;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the agent is in IoT Hub, and how it proves it: what an {@link IdentitySource} produces and the hub connection
 * consumes.
 *
 * @param gateway where to connect instead of {@code hostName} (an IoT Edge parent, or the local hub's address); the
 *     hub still sees {@code hostName} in the MQTT user name and the token
 */
public record HubIdentity(String hostName, String deviceId, Optional<String> moduleId, Optional<String> gateway,
    Credential credential) {

  public HubIdentity {
    Objects.requireNonNull(hostName, "hostName");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(moduleId, "moduleId");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(credential, "credential");
  }

  /** The identity as a TPM slot would store it: {@code host/device[/module]}. */
  public SlotUri uri() {
    return moduleId.map(m -> SlotUri.module(hostName, deviceId, m)).orElseGet(() -> SlotUri.device(hostName, deviceId));
  }

  public String describe() {
    return deviceId + moduleId.map(m -> "/" + m).orElse("") + " on " + hostName
        + gateway.map(g -> " via " + g).orElse("");
  }

  /** How the agent authenticates; keys never appear in {@code toString}. */
  public sealed interface Credential {}

  /** A shared access key: tokens are signed with it as they are needed, so they renew. */
  public record SharedKey(String base64Key) implements Credential {
    @Override
    public String toString() {
      return "SharedKey[<redacted>]";
    }
  }

  /**
   * Tokens signed by something that holds the key, where it cannot be read (the TPM, through {@link HmacSigner}).
   */
  public record Signer(HmacSigner signer) implements Credential {}

  /** A ready-made SAS token: used as given and never renewed, so the agent stops when it expires. */
  public record FixedToken(String sharedAccessSignature) implements Credential {
    @Override
    public String toString() {
      return "FixedToken[<redacted>]";
    }
  }

  /** An X.509 device certificate with its private key. */
  public record Certificate(CertifiedKey key) implements Credential {}
}
