package dev.converge.emulator.dps;

/** The final {@code status} of a registration, spelled on the wire as DPS spells it. */
public enum RegistrationStatus {
  ASSIGNED("assigned"),
  DISABLED("disabled"),
  FAILED("failed");

  private final String wireName;

  RegistrationStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  static RegistrationStatus fromWireName(String name) {
    for (RegistrationStatus status : values()) {
      if (status.wireName.equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown registration status '" + name + "'");
  }
}
