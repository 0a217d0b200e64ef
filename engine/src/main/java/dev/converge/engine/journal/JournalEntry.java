package dev.converge.engine.journal;

import dev.converge.engine.model.NodeValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One line of the audit journal: an intent before an adapter write, the outcome after it, a drift detection, or a
 * recovery from a damaged journal tail. Entries form a hash chain: each carries the hash of the one before it.
 *
 * <h2>Fields by kind</h2>
 *
 * <ul>
 *   <li>{@link Kind#INTENT}: {@code node} and {@code operation} ({@code add}, {@code replace}, {@code delete},
 *       {@code exec}) are set; {@code before} is the value read just before the write, {@code after} the value to
 *       be written; {@code intentSeq} is 0 and {@code result} is null.
 *   <li>{@link Kind#OUTCOME}: repeats its intent's group, item, node, operation, {@code before}, desired version and
 *       deployment; {@code after} is the value read back; {@code intentSeq} is the intent's {@code seq};
 *       {@code result} says what happened ({@code applied}, {@code unchanged}, {@code failed}, {@code rolledBack},
 *       {@code completedAfterRestart}, {@code interrupted}…).
 *   <li>{@link Kind#DRIFT}: {@code property} and {@code node} are set; {@code before} is the actual value found on
 *       the device, {@code after} the desired value; {@code result} is the action ({@code remediated},
 *       {@code reported}).
 *   <li>{@link Kind#RECOVERY}: group {@value #JOURNAL_GROUP}; {@code before} describes the lines that were set
 *       aside ({@code {"fromLine":a,"toLine":b,"problem":"tornTail","sha256":"…"}}), {@code result} is
 *       {@code recovered}; see {@link JournalRecorder} for the rule.
 * </ul>
 *
 * <h2>Canonical line</h2>
 *
 * <p>An entry is stored as exactly one line, its canonical form ({@link #toLine()}): a JSON object with no
 * whitespace outside strings whose members are always all present, always in this order: {@code seq, time, kind,
 * group, item, property, node, operation, before, after, desiredVersion, deploymentId, intentSeq, result, message,
 * prevHash, hash}. A missing value is {@code null}.
 *
 * <ul>
 *   <li>{@code seq}, {@code desiredVersion}, {@code intentSeq}: decimal integers (no sign, leading zero or exponent).
 *   <li>{@code time}: {@link Instant#toString()}, ISO-8601 in UTC with {@code Z}; fractional seconds only when not
 *       zero, in groups of three digits.
 *   <li>{@code kind}: {@code intent}, {@code outcome}, {@code drift} or {@code recovery}.
 *   <li>{@code before}, {@code after}: the {@link NodeValue}, with {@link NodeValue.Absent} as {@code null}. Object
 *       members are sorted by key ({@link String#compareTo}, i.e. by UTF-16 code unit); arrays keep their order.
 *       A number is first normalised as {@link NodeValue.Num} does (trailing zeros stripped); if its scale is
 *       {@code <= 0} and it has at most 40 integer digits it is written as plain integer digits, otherwise as
 *       {@link java.math.BigDecimal#toString()} ({@code 1.5}, {@code 1E-7}, {@code 1E+50}).
 *   <li>Strings: {@code "} and {@code \} are escaped with a backslash; backspace, form feed, newline, carriage
 *       return and tab as {@code \b \f \n \r \t}; every other character below U+0020 or above U+007E as
 *       {@code \}{@code u} and four lowercase hex digits of its UTF-16 code unit. A line is therefore printable
 *       ASCII, and its UTF-8 bytes are its ASCII bytes (no multi-byte character can be torn, and unpaired
 *       surrogates survive).
 *   <li>{@code prevHash}, {@code hash}: 64 lowercase hex digits.
 * </ul>
 *
 * <h2>Hash rule</h2>
 *
 * <p>{@code hash} is the lowercase hex SHA-256 of the UTF-8 bytes of the canonical line without its last member,
 * that is, with <code>,"hash":"…"</code> removed so that it ends in <code>"prevHash":"…"}</code>. {@code prevHash} is the
 * {@code hash} of the previous entry of the chain, and {@link #GENESIS_HASH} (64 zeros) for {@code seq} 1.
 * {@code seq} starts at 1 and goes up by one per entry. A line is accepted only if it is exactly the canonical form
 * of the entry it parses to, so any change to its text is detected.
 *
 * <p>A record constructed directly is not checked against its hash; {@link #hasValidHash()} does that.
 */
public record JournalEntry(
    long seq,
    Instant time,
    Kind kind,
    String group,
    @Nullable String item,
    @Nullable String property,
    @Nullable String node,
    @Nullable String operation,
    NodeValue before,
    NodeValue after,
    long desiredVersion,
    String deploymentId,
    long intentSeq,
    @Nullable String result,
    @Nullable String message,
    String prevHash,
    String hash) {

  /** The {@code prevHash} of the first entry: 64 zeros. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /** The group of {@link Kind#RECOVERY} entries; twin keys cannot start with {@code $}, so it names no capability. */
  public static final String JOURNAL_GROUP = "$journal";

  /** The adapter operations an intent may record. */
  public static final Set<String> OPERATIONS = Set.of("add", "replace", "delete", "exec");

  /** What an entry records. */
  public enum Kind {
    /** Written before an adapter write. */
    INTENT,
    /** Written after an adapter write, naming its intent. */
    OUTCOME,
    /** A drift detection: actual state differs from desired. */
    DRIFT,
    /** The chain continues after lines that could not be read; see {@link JournalRecorder}. */
    RECOVERY;

    /** The name in the canonical line: lower case. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this {@link #wireName()}. */
    public static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.wireName().equals(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown entry kind '" + text + "' (intent, outcome, drift or recovery)");
    }
  }

  public JournalEntry {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1, was " + seq);
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
    if (group.isEmpty()) {
      throw new IllegalArgumentException("group must not be empty");
    }
    requireNullOrNonEmpty(item, "item");
    requireNullOrNonEmpty(property, "property");
    requireNullOrNonEmpty(node, "node");
    if (operation != null && !OPERATIONS.contains(operation)) {
      throw new IllegalArgumentException("operation must be add, replace, delete or exec, was '" + operation + "'");
    }
    if (desiredVersion < 0) {
      throw new IllegalArgumentException("desiredVersion must not be negative, was " + desiredVersion);
    }
    if (kind == Kind.OUTCOME) {
      if (intentSeq < 1 || intentSeq >= seq) {
        throw new IllegalArgumentException(
            "an outcome's intentSeq must name an earlier entry, was " + intentSeq + " at seq " + seq);
      }
    } else if (intentSeq != 0) {
      throw new IllegalArgumentException("intentSeq must be 0 for a " + kind.wireName() + " entry, was " + intentSeq);
    }
    if (kind == Kind.INTENT) {
      if (node == null || operation == null) {
        throw new IllegalArgumentException("an intent needs a node and an operation");
      }
      if (result != null) {
        throw new IllegalArgumentException("an intent has no result");
      }
    } else if (result == null || result.isEmpty()) {
      throw new IllegalArgumentException("a " + kind.wireName() + " entry needs a result");
    }
    if (kind == Kind.RECOVERY && !group.equals(JOURNAL_GROUP)) {
      throw new IllegalArgumentException("a recovery entry belongs to group " + JOURNAL_GROUP);
    }
    requireHash(prevHash, "prevHash");
    requireHash(hash, "hash");
  }

  /**
   * Builds the entry that follows {@code prevHash}, with its {@code hash} computed by the hash rule.
   *
   * @throws IllegalArgumentException if a field breaks the rules above
   */
  static JournalEntry sealed(
      long seq,
      Instant time,
      Kind kind,
      String group,
      @Nullable String item,
      @Nullable String property,
      @Nullable String node,
      @Nullable String operation,
      NodeValue before,
      NodeValue after,
      long desiredVersion,
      String deploymentId,
      long intentSeq,
      @Nullable String result,
      @Nullable String message,
      String prevHash) {
    JournalEntry unsealed = new JournalEntry(seq, time, kind, group, item, property, node, operation, before, after,
        desiredVersion, deploymentId, intentSeq, result, message, prevHash, GENESIS_HASH);
    return unsealed.withHash(unsealed.expectedHash());
  }

  /**
   * Parses one canonical line. The hash is not checked here; see {@link #hasValidHash()}.
   *
   * @throws IllegalArgumentException saying why, when the line is not the canonical form of an entry
   */
  public static JournalEntry parse(String line) {
    CanonicalLine.Read read = CanonicalLine.read(line);
    if (read instanceof CanonicalLine.Parsed p) {
      return p.entry();
    }
    throw new IllegalArgumentException(((CanonicalLine.Unreadable) read).reason());
  }

  /** The canonical line, {@code hash} included. */
  public String toLine() {
    return CanonicalLine.render(this, true);
  }

  /** The hash this entry should carry: SHA-256 of the canonical line without its {@code hash} member. */
  public String expectedHash() {
    return CanonicalLine.sha256Hex(CanonicalLine.render(this, false));
  }

  /** Whether {@link #hash()} matches the content. */
  public boolean hasValidHash() {
    return hash.equals(expectedHash());
  }

  /** A copy with another hash. */
  public JournalEntry withHash(String newHash) {
    return new JournalEntry(seq, time, kind, group, item, property, node, operation, before, after, desiredVersion,
        deploymentId, intentSeq, result, message, prevHash, newHash);
  }

  /** Whether this is an outcome of the intent with {@code seq} {@code intent}. */
  public boolean isOutcomeOf(long intent) {
    return kind == Kind.OUTCOME && intentSeq == intent;
  }

  static boolean isHash(String text) {
    if (text.length() != 64) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static void requireHash(String text, String name) {
    if (!isHash(text)) {
      throw new IllegalArgumentException(name + " must be 64 lowercase hex digits");
    }
  }

  private static void requireNullOrNonEmpty(@Nullable String text, String name) {
    if (text != null && text.isEmpty()) {
      throw new IllegalArgumentException(name + " must be null or non-empty");
    }
  }
}
