package dev.converge.emulator.query;

/**
 * The three truth values of a condition. IoT Hub's language is SQL-like: a comparison involving a missing property or
 * values of different types is {@link #UNDEFINED}, and undefined propagates through {@code AND}, {@code OR} and
 * {@code NOT} as in Kleene's logic ({@code false AND undefined} is false, {@code true OR undefined} is true, {@code NOT
 * undefined} is undefined). Only {@link #TRUE} selects a twin.
 */
enum Truth {
  TRUE,
  FALSE,
  UNDEFINED;

  static Truth of(boolean value) {
    return value ? TRUE : FALSE;
  }

  Truth and(Truth other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    return this == TRUE && other == TRUE ? TRUE : UNDEFINED;
  }

  Truth or(Truth other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    return this == FALSE && other == FALSE ? FALSE : UNDEFINED;
  }

  Truth not() {
    return switch (this) {
      case TRUE -> FALSE;
      case FALSE -> TRUE;
      case UNDEFINED -> UNDEFINED;
    };
  }
}
