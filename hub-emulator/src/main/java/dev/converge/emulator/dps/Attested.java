package dev.converge.emulator.dps;

import java.util.Objects;

/** Whether a registering device proved it is enrolled. */
sealed interface Attested {

  /** Proven; {@code match} says what it is entitled to. */
  record Enrolled(EnrollmentMatch match) implements Attested {
    public Enrolled {
      Objects.requireNonNull(match, "match");
    }
  }

  /** Not proven; {@code reason} is for the emulator log only, never sent to the device. */
  record Refused(String reason) implements Attested {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
