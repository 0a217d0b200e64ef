package dev.converge.emulator.adm;

import dev.converge.emulator.twin.TwinDocument;
import java.util.Objects;
import java.util.Optional;

/**
 * What automatic device management wants of one twin after an evaluation.
 *
 * @param twin which twin
 * @param desiredPatch the JSON merge patch to apply to the twin's desired properties, present only when it would
 *     change them; {@code null} members delete
 * @param configurations the twin's whole {@code configurations} section as it should now read: {@code {"<id>":
 *     {"status": "targeted" | "applied"}}} for every configuration targeting the twin, by id
 * @param configurationsChanged whether {@code configurations} differs from what the twin holds
 */
public record TwinAssignment(
    TwinKey twin, Optional<TwinDocument> desiredPatch, TwinDocument configurations, boolean configurationsChanged) {

  public TwinAssignment {
    Objects.requireNonNull(twin, "twin");
    Objects.requireNonNull(desiredPatch, "desiredPatch");
    Objects.requireNonNull(configurations, "configurations");
  }

  /** Whether the hub has anything to write for this twin. */
  public boolean needsWrite() {
    return desiredPatch.isPresent() || configurationsChanged;
  }
}
