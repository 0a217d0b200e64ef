package dev.converge.engine.journal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JournalVerifier} found: how far the hash chain holds, the recoveries it passed, and the first place
 * where it breaks. This is what {@code converge journal verify} prints.
 *
 * @param entries entries in the valid chain up to the first break (recovery entries included, lines set aside not)
 * @param lastSeq {@code seq} of the last valid entry, 0 if there is none
 * @param lastHash hash of the last valid entry, {@link JournalEntry#GENESIS_HASH} if there is none; keeping it
 *     elsewhere lets a later check notice whole entries removed from the end, which a hash chain alone cannot
 * @param recoveries the recoveries passed on the way, in line order
 * @param firstBreak the first line where the chain breaks and no recovery accounts for it
 */
public record Verification(
    long entries, long lastSeq, String lastHash, List<Recovery> recoveries, Optional<JournalProblem> firstBreak) {

  /**
   * A place where the chain continues, by a {@link JournalEntry.Kind#RECOVERY} entry, after lines that could not
   * be read. The lines are still in the journal, unchanged: the recovery entry carries their SHA-256.
   *
   * @param line the recovery entry's line
   * @param fromLine first line set aside
   * @param toLine last line set aside
   * @param problem what was wrong at {@code fromLine} when the recovery was written
   * @param sha256 SHA-256 of the lines set aside, as recorded and checked
   */
  public record Recovery(int line, int fromLine, int toLine, JournalProblem.Kind problem, String sha256) {

    public Recovery {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(sha256, "sha256");
    }

    /** {@code recovered at line 13: line 12 unreadable (torn tail), kept as found, SHA-256 …}. */
    public String describe() {
      String lines = fromLine == toLine ? "line " + fromLine : "lines " + fromLine + ".." + toLine;
      return "recovered at line " + line + ": " + lines + " unreadable (" + problem.describe()
          + "), kept as found, SHA-256 " + sha256;
    }
  }

  public Verification {
    Objects.requireNonNull(lastHash, "lastHash");
    recoveries = List.copyOf(recoveries);
    Objects.requireNonNull(firstBreak, "firstBreak");
  }

  /** Whether the chain holds to the end, recoveries allowed. */
  public boolean intact() {
    return firstBreak.isEmpty();
  }

  /** Whether the chain holds to the end without any recovery. */
  public boolean isClean() {
    return intact() && recoveries.isEmpty();
  }

  /** A few lines for a person: the verdict first, then each recovery, then the break if there is one. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    if (intact()) {
      b.append(recoveries.isEmpty() ? "intact" : "intact after " + recoveries.size()
          + (recoveries.size() == 1 ? " recovery" : " recoveries"));
    } else {
      JournalProblem p = firstBreak.get();
      b.append("broken at line ").append(p.line()).append(" (").append(p.kind().describe()).append(')');
    }
    b.append(": ").append(entries).append(entries == 1 ? " valid entry" : " valid entries")
        .append(", last seq ").append(lastSeq).append(", last hash ").append(lastHash);
    for (Recovery r : recoveries) {
      b.append('\n').append(r.describe());
    }
    firstBreak.ifPresent(p -> b.append('\n').append(p.describe()));
    return b.toString();
  }
}
