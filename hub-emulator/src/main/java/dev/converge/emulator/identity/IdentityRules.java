package dev.converge.emulator.identity;

import java.util.Optional;

/**
 * IoT Hub's identifier rules: "a case-sensitive string (up to 128 characters long) of ASCII 7-bit alphanumeric
 * characters plus certain special characters: {@code - . % _ * ? ! ( ) , : = @ $ '}" (iot-hub-devguide-identity-
 * registry, "Device identity properties"); module ids follow the same rule.
 */
public final class IdentityRules {

  static final int MAX_LENGTH = 128;
  private static final String SPECIALS = "-.%_*?!(),:=@$'";

  private IdentityRules() {}

  /** Why {@code value} is not a valid {@code field} (deviceId or moduleId), or empty when it is. */
  public static Optional<String> problem(String field, String value) {
    if (value.isEmpty()) {
      return Optional.of(field + " must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      return Optional.of(field + " '" + value + "' is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c < 128 && Character.isLetterOrDigit(c)) || SPECIALS.indexOf(c) >= 0;
      if (!ok) {
        return Optional.of(
            field + " '" + value + "' contains '" + c + "' at position " + (i + 1)
                + "; allowed are ASCII letters, digits and " + SPECIALS);
      }
    }
    return Optional.empty();
  }

  /** The first problem of either part of {@code id}. */
  public static Optional<String> problem(IdentityId id) {
    Optional<String> device = problem("deviceId", id.deviceId());
    if (device.isPresent() || id.moduleId() == null) {
      return device;
    }
    return problem("moduleId", id.moduleId());
  }
}
