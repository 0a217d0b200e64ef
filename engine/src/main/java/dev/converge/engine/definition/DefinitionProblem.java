package dev.converge.engine.definition;

import java.util.Objects;

/**
 * Something wrong with a capability definition, located so a person can fix it: {@code files.yaml:12:5: field
 * nodes.content: message}. Line and column are 1-based, or 0 when the problem is about the file as a whole.
 *
 * @param capability the capability id it concerns, or the file name when the id is unknown
 */
public record DefinitionProblem(String source, int line, int column, String field, String capability,
    String message) {

  public DefinitionProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    String where = line > 0 ? source + ":" + line + ":" + column : source;
    return where + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
