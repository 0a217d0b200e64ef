package dev.converge.engine.model;

import java.util.Objects;

/**
 * One way a JSON document breaks its schema.
 *
 * @param pointer JSON pointer to the offending value ({@code ""} for the document itself)
 * @param rule the schema keyword that failed ({@code pattern}, {@code required}, {@code type}, ...)
 * @param value the offending value ({@link NodeValue.Absent} when a required value is missing)
 * @param message a sentence a person can act on
 */
public record Violation(String pointer, String rule, NodeValue value, String message) {
  public Violation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
