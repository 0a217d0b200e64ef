package dev.converge.emulator.dps;

import java.util.Locale;
import java.util.Optional;

/**
 * DPS's registration id rule: "a case-insensitive string (up to 128 characters long) of alphanumeric characters plus
 * certain special characters: {@code : . _ -}. No special characters allowed at start or end" (DPS REST API,
 * DeviceRegistration). Case-insensitive, so ids are compared by {@link #key}.
 */
final class RegistrationIdRules {

  static final int MAX_LENGTH = 128;
  private static final String SPECIALS = ":._-";

  private RegistrationIdRules() {}

  /** Why {@code id} is not a valid registration id, or empty when it is. */
  static Optional<String> problem(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return Optional.of("registration id '" + id + "' must have 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean alphanumeric = c < 128 && Character.isLetterOrDigit(c);
      boolean edge = i == 0 || i == id.length() - 1;
      if (!alphanumeric && (edge || SPECIALS.indexOf(c) < 0)) {
        return Optional.of("registration id '" + id + "' has '" + c + "' at position " + (i + 1)
            + "; allowed are ASCII letters, digits and " + SPECIALS + ", the latter not first or last");
      }
    }
    return Optional.empty();
  }

  /** @throws IllegalArgumentException naming the problem */
  static String require(String id) {
    problem(id).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
    return id;
  }

  /** The form registration ids are compared in. */
  static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
