package dev.converge.emulator.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A constant: a string, a number, {@code true}, {@code false} or {@code null}.
 *
 * @param value the constant as JSON; numbers are held as a {@link BigDecimal} without trailing zeros, so {@code 1},
 *     {@code 1.0} and {@code 1e0} are the same literal
 */
record Literal(JsonNode value) implements Operand {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  Literal {
    Objects.requireNonNull(value, "value");
    if (!value.isTextual() && !value.isBoolean() && !value.isNull() && !value.isBigDecimal()) {
      throw new IllegalArgumentException("a literal is a string, boolean, null or BigDecimal number: " + value);
    }
  }

  static Literal string(String text) {
    return new Literal(NODES.textNode(text));
  }

  static Literal number(BigDecimal number) {
    BigDecimal normalised = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
    return new Literal(NODES.numberNode(normalised));
  }

  static Literal bool(boolean value) {
    return new Literal(NODES.booleanNode(value));
  }

  static Literal nullValue() {
    return new Literal(NODES.nullNode());
  }

  @Override
  public JsonNode resolve(ObjectNode twin) {
    return value;
  }

  /** The literal as it would be written in a query. */
  @Override
  public String toString() {
    if (value.isTextual()) {
      return quote(value.textValue());
    }
    if (value.isBigDecimal()) {
      return value.decimalValue().toPlainString();
    }
    return value.toString();
  }

  /** {@code text} in single quotes, escaped so that the lexer reads back exactly {@code text}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }
}
