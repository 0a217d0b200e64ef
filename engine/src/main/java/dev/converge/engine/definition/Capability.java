package dev.converge.engine.definition;

import dev.converge.engine.model.ReportedError;
import java.util.List;
import java.util.Objects;

/**
 * A loaded capability and whether this device can apply it.
 *
 * @param errors why it is not {@link Availability#READY}; reported in its group's {@code __errors}
 */
public record Capability(CapabilityDefinition definition, Availability availability, List<ReportedError> errors) {

  /** Whether a capability's groups can be applied here. */
  public enum Availability {
    READY,
    /** Its adapter is not installed on this device: its groups report {@code unsupported}. */
    UNSUPPORTED,
    /** Its definition conflicts with another, or a dependency is missing, cyclic or itself unavailable. */
    BROKEN
  }

  public Capability {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(availability, "availability");
    errors = List.copyOf(errors);
  }

  public String id() {
    return definition.id();
  }

  public boolean isReady() {
    return availability == Availability.READY;
  }
}
