package dev.converge.engine.journal;

import java.util.Locale;
import java.util.Objects;

/**
 * Where and how a journal stops being a valid hash chain.
 *
 * @param line the 1-based line (record) number where the chain breaks
 * @param kind what is wrong there
 * @param message what happened and what a person can do about it
 */
public record JournalProblem(int line, Kind kind, String message) {

  /** The ways a line can break the chain, checked in this order. */
  public enum Kind {
    /** The last line ends before its JSON object does: a write was cut off (power loss, full disk). */
    TORN_TAIL,
    /** The line is not the canonical form of an entry (damaged, edited, or not a journal line). */
    UNPARSABLE,
    /** The line is a well-formed entry, but its content does not match its own hash: it was altered. */
    HASH_MISMATCH,
    /** The entry's {@code prevHash} is not the previous entry's hash: lines were removed, inserted or reordered. */
    CHAIN_BROKEN,
    /** The entry links to the previous one but its {@code seq} is not the previous {@code seq} plus one. */
    SEQUENCE_GAP;

    /** The camel-case name used in journal JSON ({@code tornTail}, {@code hashMismatch}…). */
    public String wireName() {
      StringBuilder b = new StringBuilder();
      boolean upper = false;
      for (char c : name().toLowerCase(Locale.ROOT).toCharArray()) {
        if (c == '_') {
          upper = true;
        } else {
          b.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      return b.toString();
    }

    /** Lower-case words for messages ({@code torn tail}, {@code hash mismatch}…). */
    public String describe() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The kind with this {@link #wireName()}. */
    public static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.wireName().equals(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown journal problem '" + text + "'");
    }
  }

  public JournalProblem {
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1, was " + line);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** One line for logs and the command line: {@code line 7: hash mismatch: …}. */
  public String describe() {
    return "line " + line + ": " + kind.describe() + ": " + message;
  }
}
