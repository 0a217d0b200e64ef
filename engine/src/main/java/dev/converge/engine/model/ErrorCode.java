package dev.converge.engine.model;

/**
 * Every error Converge reports, with a stable number and the subsystem it comes from. A number is never reused.
 *
 * <p>Numbers the original agent defined keep their meaning (1000, 1001, 1013, 1014, 1028, 2019), so existing ADM
 * metric queries and validator scenarios that match on {@code code} keep working.
 */
public enum ErrorCode {
  /** The desired group is not a JSON object, or a document is not JSON. */
  INVALID_JSON(1000, Subsystem.VALIDATION),
  /** The desired group violates its capability's JSON Schema. */
  SCHEMA_VIOLATION(1001, Subsystem.VALIDATION),
  /** No capability on this device owns the group. */
  UNSUPPORTED_CAPABILITY(1013, Subsystem.ENGINE),
  /** An adapter could not carry out an operation (I/O error, command failed). Retried by the queue. */
  ADAPTER_FAILED(1014, Subsystem.ADAPTER),
  /** An adapter refused a value as invalid for the node (not retried until desired changes). */
  ADAPTER_REJECTED(1015, Subsystem.ADAPTER),
  /** The adapter accepted a write but reading the node back gives another value. */
  VERIFY_MISMATCH(1017, Subsystem.ADAPTER),
  /** A node address could not be built from the desired values (a placeholder has no value). */
  NODE_ADDRESS(1018, Subsystem.ENGINE),
  /** A capability depends on a capability that is not loaded on this device. */
  DEPENDENCY_MISSING(1028, Subsystem.DEPENDENCY),
  /** Capabilities depend on each other in a cycle. */
  DEPENDENCY_CYCLE(1029, Subsystem.DEPENDENCY),
  /** A group this one depends on failed or is blocked, so this one is not applied. */
  DEPENDENCY_FAILED(1030, Subsystem.DEPENDENCY),
  /** The capability definition itself is invalid; its groups cannot be applied. */
  DEFINITION_INVALID(1031, Subsystem.ENGINE),
  /** An unexpected exception escaped reconciliation: a Converge bug, reported rather than hidden. */
  INTERNAL(1051, Subsystem.ENGINE),
  /** A direct method names no command of any capability on this device (answered with status 404). */
  METHOD_UNKNOWN(1060, Subsystem.AGENT),
  /** The desired {@code serviceInterfaceVersion} has another major version than the capability. */
  INTERFACE_VERSION(2019, Subsystem.VALIDATION);

  /** Where an error comes from; the wire form is the {@code subsystem} field of an error object. */
  public enum Subsystem {
    VALIDATION("validation"),
    ENGINE("engine"),
    ADAPTER("adapter"),
    DEPENDENCY("dependency"),
    /** The agent itself, e.g. routing a direct method (the original agent's {@code DeviceAgent}). */
    AGENT("agent");

    private final String wireName;

    Subsystem(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  private final int number;
  private final Subsystem subsystem;

  ErrorCode(int number, Subsystem subsystem) {
    this.number = number;
    this.subsystem = subsystem;
  }

  public int number() {
    return number;
  }

  public Subsystem subsystem() {
    return subsystem;
  }

  /** Whether the queue should retry a group that failed with this code without a desired change. */
  public boolean isTransient() {
    return this == ADAPTER_FAILED || this == VERIFY_MISMATCH || this == INTERNAL;
  }
}
