package dev.converge.conformance;

import java.util.Objects;

/**
 * One way the device differs from a scenario's expectation.
 *
 * @param pointer where, as a JSON pointer into the document checked (the reported twin, a method payload, a journal
 *     entry), or a device path for files
 * @param detail what was expected and what was found, e.g. {@code expected "succeeded" but was "failed"}
 */
public record Mismatch(String pointer, String detail) {
  public Mismatch {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return (pointer.isEmpty() ? "(document)" : pointer) + ": " + detail;
  }
}
