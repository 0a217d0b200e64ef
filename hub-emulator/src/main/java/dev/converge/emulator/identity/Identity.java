package dev.converge.emulator.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered device or module.
 *
 * @param id device and optional module id
 * @param credentials keys or thumbprints
 * @param enabled IoT Hub's {@code status}: a disabled identity cannot connect
 * @param generationId distinguishes identities that reuse a deleted one's id
 * @param etag changes whenever the identity is updated
 * @param created when it was registered
 * @param managedBy a module's {@code managedBy}, or empty
 */
public record Identity(
    IdentityId id,
    Credentials credentials,
    boolean enabled,
    String generationId,
    String etag,
    Instant created,
    String managedBy) {

  public Identity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(generationId, "generationId");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(managedBy, "managedBy");
  }
}
