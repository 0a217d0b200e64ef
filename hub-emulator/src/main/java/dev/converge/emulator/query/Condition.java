package dev.converge.emulator.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code WHERE} condition. Each node evaluates to a {@link Truth} against one twin; {@link #toString()}
 * prints the condition fully parenthesised, in a form the parser reads back to an equal tree.
 *
 * <p>Comparisons follow IoT Hub (MicrosoftDocs {@code iot-hub-devguide-query-language.md}, "Expressions and
 * conditions"): only primitive values compare ("comparisons are supported only between primitive types (no
 * objects)"); an undefined operand or operands of different JSON types give {@link Truth#UNDEFINED}; numbers compare
 * by value whatever their notation; strings compare ordinally (UTF-16 code units, case-sensitive). Ordering operators
 * are defined on numbers and strings only, so {@code true < false} is undefined.
 */
sealed interface Condition {

  Truth evaluate(ObjectNode twin);

  record And(Condition left, Condition right) implements Condition {
    @Override
    public Truth evaluate(ObjectNode twin) {
      return left.evaluate(twin).and(right.evaluate(twin));
    }

    @Override
    public String toString() {
      return "(" + left + " AND " + right + ")";
    }
  }

  record Or(Condition left, Condition right) implements Condition {
    @Override
    public Truth evaluate(ObjectNode twin) {
      return left.evaluate(twin).or(right.evaluate(twin));
    }

    @Override
    public String toString() {
      return "(" + left + " OR " + right + ")";
    }
  }

  record Not(Condition operand) implements Condition {
    @Override
    public Truth evaluate(ObjectNode twin) {
      return operand.evaluate(twin).not();
    }

    @Override
    public String toString() {
      return "(NOT " + operand + ")";
    }
  }

  /** {@code left op right}. */
  record Comparison(Operand left, Operator operator, Operand right) implements Condition {
    @Override
    public Truth evaluate(ObjectNode twin) {
      JsonNode l = left.resolve(twin);
      JsonNode r = right.resolve(twin);
      if (l == null || r == null) {
        return Truth.UNDEFINED;
      }
      if (operator.isEquality() && l.isTextual() && r.isTextual() && (isStatus(left) || isStatus(right))) {
        // Twins carry "applied"/"targeted" (the service SDK's ConfigurationStatus), while IoT Hub's own
        // appliedCount query and its documentation compare with 'Applied'; both work on IoT Hub, so this
        // comparison ignores case.
        return Truth.of(operator.holds(l.textValue().equalsIgnoreCase(r.textValue()) ? 0 : 1));
      }
      Integer order = compare(l, r, operator.isEquality());
      return order == null ? Truth.UNDEFINED : Truth.of(operator.holds(order));
    }

    private static boolean isStatus(Operand operand) {
      return operand instanceof Path path && path.isConfigurationStatus();
    }

    @Override
    public String toString() {
      return left + " " + operator.symbol() + " " + right;
    }
  }

  /**
   * {@code value IN [..]}, or {@code NIN} when {@code negated}: true when the value equals one of the constants.
   * Undefined when the value is undefined or not primitive; a constant of another type simply does not match.
   */
  record Membership(Operand value, boolean negated, List<Literal> candidates) implements Condition {
    public Membership {
      candidates = List.copyOf(candidates);
    }

    @Override
    public Truth evaluate(ObjectNode twin) {
      JsonNode v = value.resolve(twin);
      if (v == null || v.isContainerNode()) {
        return Truth.UNDEFINED;
      }
      boolean found = candidates.stream().anyMatch(c -> Objects.equals(compare(v, c.value(), true), 0));
      return Truth.of(found != negated);
    }

    @Override
    public String toString() {
      return value + (negated ? " NIN [" : " IN [")
          + candidates.stream().map(Literal::toString).collect(Collectors.joining(", ")) + "]";
    }
  }

  /** A built-in function call; the parser checks the number and kind of arguments. */
  record Call(Function function, List<Operand> arguments) implements Condition {
    public Call {
      arguments = List.copyOf(arguments);
      if (arguments.size() != function.arity()) {
        throw new IllegalArgumentException(function + " takes " + function.arity() + " arguments");
      }
    }

    @Override
    public Truth evaluate(ObjectNode twin) {
      JsonNode first = arguments.get(0).resolve(twin);
      switch (function) {
        case IS_DEFINED:
          return Truth.of(first != null);
        case IS_NULL:
          return Truth.of(first != null && first.isNull());
        default:
          JsonNode second = arguments.get(1).resolve(twin);
          if (first == null || second == null || !first.isTextual() || !second.isTextual()) {
            return Truth.UNDEFINED;
          }
          String text = first.textValue();
          return Truth.of(function == Function.STARTSWITH
              ? text.startsWith(second.textValue()) : text.endsWith(second.textValue()));
      }
    }

    @Override
    public String toString() {
      return function + "(" + arguments.stream().map(Operand::toString).collect(Collectors.joining(", ")) + ")";
    }
  }

  /**
   * An operand used as a condition, such as {@code WHERE tags.enabled} or {@code WHERE true}: a boolean is its own
   * truth; anything else is undefined (so it never selects, and {@code NOT} of it never selects either).
   */
  record Truthy(Operand operand) implements Condition {
    @Override
    public Truth evaluate(ObjectNode twin) {
      JsonNode v = operand.resolve(twin);
      return v != null && v.isBoolean() ? Truth.of(v.booleanValue()) : Truth.UNDEFINED;
    }

    @Override
    public String toString() {
      return operand.toString();
    }
  }

  enum Operator {
    EQ("="), NE("!="), LT("<"), GT(">"), LE("<="), GE(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    String symbol() {
      return symbol;
    }

    boolean isEquality() {
      return this == EQ || this == NE;
    }

    /** Whether the operator holds for a comparison result {@code order} (negative, zero or positive). */
    boolean holds(int order) {
      return switch (this) {
        case EQ -> order == 0;
        case NE -> order != 0;
        case LT -> order < 0;
        case GT -> order > 0;
        case LE -> order <= 0;
        case GE -> order >= 0;
      };
    }

    static @Nullable Operator bySymbol(String symbol) {
      if (symbol.equals("<>")) {
        return NE;
      }
      for (Operator o : values()) {
        if (o.symbol.equals(symbol)) {
          return o;
        }
      }
      return null;
    }
  }

  enum Function {
    IS_DEFINED(1), IS_NULL(1), STARTSWITH(2), ENDSWITH(2);

    private final int arity;

    Function(int arity) {
      this.arity = arity;
    }

    int arity() {
      return arity;
    }

    /** The function a word names, case-insensitively; {@code STARTS_WITH} and {@code ENDS_WITH} are aliases. */
    static @Nullable Function named(String word) {
      String upper = word.toUpperCase(Locale.ROOT);
      if (upper.equals("STARTS_WITH")) {
        return STARTSWITH;
      }
      if (upper.equals("ENDS_WITH")) {
        return ENDSWITH;
      }
      for (Function f : values()) {
        if (f.name().equals(upper)) {
          return f;
        }
      }
      return null;
    }
  }

  /**
   * Compares two defined values: negative, zero or positive, or {@code null} when they do not compare (different
   * types, objects or arrays, or an ordering of booleans or nulls when {@code equalityOnly} is false).
   */
  static @Nullable Integer compare(JsonNode a, JsonNode b, boolean equalityOnly) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    if (a.isTextual() && b.isTextual()) {
      return a.textValue().compareTo(b.textValue());
    }
    if (!equalityOnly) {
      return null;
    }
    if (a.isBoolean() && b.isBoolean()) {
      return a.booleanValue() == b.booleanValue() ? 0 : 1;
    }
    if (a.isNull() && b.isNull()) {
      return 0;
    }
    return null;
  }
}
