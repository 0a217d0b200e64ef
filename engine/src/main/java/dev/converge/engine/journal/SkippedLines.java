package dev.converge.engine.journal;

import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lines a {@link JournalEntry.Kind#RECOVERY} entry sets aside, as stored in its {@code before} value:
 * {@code {"fromLine":a,"toLine":b,"problem":"tornTail","sha256":"…"}}.
 *
 * @param fromLine first line set aside (1-based), where the chain broke
 * @param toLine last line set aside; the recovery entry itself is line {@code toLine + 1}
 * @param problem what was wrong at {@code fromLine} when the recovery was written
 * @param sha256 lowercase hex SHA-256 of the UTF-8 bytes of those lines, exactly as the journal returned them,
 *     joined with {@code "\n"} (no newline after the last)
 */
record SkippedLines(int fromLine, int toLine, JournalProblem.Kind problem, String sha256) {

  SkippedLines {
    if (fromLine < 1 || toLine < fromLine) {
      throw new IllegalArgumentException("bad line range " + fromLine + ".." + toLine);
    }
    if (!JournalEntry.isHash(sha256)) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
  }

  /** Lines {@code fromLine..records.size()} of these records. */
  static SkippedLines of(List<String> records, int fromLine, JournalProblem.Kind problem) {
    return new SkippedLines(fromLine, records.size(), problem, digest(records, fromLine, records.size()));
  }

  /** SHA-256 of lines {@code from..to} (1-based, inclusive) joined with newlines. */
  static String digest(List<String> records, int from, int to) {
    return CanonicalLine.sha256Hex(String.join("\n", records.subList(from - 1, to)));
  }

  /** Whether these are exactly lines {@code fromLine..toLine} of {@code records} (range and content). */
  boolean matches(List<String> records) {
    return toLine <= records.size() && sha256.equals(digest(records, fromLine, toLine));
  }

  NodeValue.Obj toValue() {
    Map<String, NodeValue> m = new LinkedHashMap<>();
    m.put("fromLine", NodeValue.of(fromLine));
    m.put("toLine", NodeValue.of(toLine));
    m.put("problem", NodeValue.of(problem.wireName()));
    m.put("sha256", NodeValue.of(sha256));
    return NodeValue.object(m);
  }

  /** The skipped lines a recovery entry records, or empty when its {@code before} is not such a value. */
  static Optional<SkippedLines> from(JournalEntry recovery) {
    if (recovery.kind() != JournalEntry.Kind.RECOVERY || !(recovery.before() instanceof NodeValue.Obj o)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SkippedLines(
          lineNumber(o.get("fromLine")),
          lineNumber(o.get("toLine")),
          JournalProblem.Kind.parse(o.text("problem").orElse("")),
          o.text("sha256").orElse("")));
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static int lineNumber(NodeValue v) {
    if (!(v instanceof NodeValue.Num n)) {
      throw new IllegalArgumentException("not a number");
    }
    BigDecimal d = n.value();
    return d.intValueExact();
  }

  String describe() {
    return fromLine == toLine ? "line " + fromLine : "lines " + fromLine + ".." + toLine;
  }
}
