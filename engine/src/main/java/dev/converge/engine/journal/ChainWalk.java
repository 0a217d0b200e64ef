package dev.converge.engine.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One pass over a journal's records, shared by {@link JournalVerifier} and {@link JournalRecorder} so that both
 * judge a journal by the same rules.
 *
 * <p>Each line must be, in this order: the canonical form of an entry ({@code TORN_TAIL} if the last line ends
 * before its entry does, else {@code UNPARSABLE}), true to its own hash ({@code HASH_MISMATCH}), linked to the
 * previous entry's hash ({@code CHAIN_BROKEN}), and numbered one past it ({@code SEQUENCE_GAP}). At the first line
 * that is not, the walk looks for the recovery entry that accounts for it: a later, valid {@link
 * JournalEntry.Kind#RECOVERY} entry that links to the last valid entry and whose {@link SkippedLines} name exactly
 * the lines from the break up to itself, with their SHA-256. If there is one, the walk goes on after it;
 * otherwise the line is the chain's first break.
 *
 * @param entries the valid chain, in order
 * @param recoveries the recoveries passed
 * @param firstBreak the first break no recovery accounts for
 * @param lastSeq seq of the last valid entry (0 if none)
 * @param lastHash hash of the last valid entry ({@link JournalEntry#GENESIS_HASH} if none)
 */
record ChainWalk(
    List<JournalEntry> entries,
    List<Verification.Recovery> recoveries,
    Optional<JournalProblem> firstBreak,
    long lastSeq,
    String lastHash) {

  private static final String KEEP_A_COPY =
      " Entries from this line on are not part of the verified chain; keep a copy of the journal file for"
          + " investigation.";

  ChainWalk {
    entries = List.copyOf(entries);
    recoveries = List.copyOf(recoveries);
  }

  /** The last valid entry seen: its line, seq and hash. */
  private record Link(int line, long seq, String hash) {
    static final Link START = new Link(0, 0, JournalEntry.GENESIS_HASH);

    static Link of(int line, JournalEntry e) {
      return new Link(line, e.seq(), e.hash());
    }
  }

  /** What one line is, judged against the last valid entry. */
  private record Examined(@Nullable JournalEntry entry, @Nullable JournalProblem problem) {}

  static ChainWalk of(List<String> records) {
    List<JournalEntry> entries = new ArrayList<>();
    List<Verification.Recovery> recoveries = new ArrayList<>();
    Link last = Link.START;
    int n = records.size();
    int i = 0;
    while (i < n) {
      int line = i + 1;
      Examined x = examine(records.get(i), line, line == n, last);
      JournalProblem problem = x.problem();
      if (problem == null) {
        JournalEntry e = Objects.requireNonNull(x.entry());
        if (e.kind() == JournalEntry.Kind.RECOVERY) {
          return new ChainWalk(entries, recoveries, Optional.of(strayRecovery(line, e)), last.seq(), last.hash());
        }
        entries.add(e);
        last = Link.of(line, e);
        i++;
        continue;
      }
      int j = findRecovery(records, line, last);
      if (j < 0) {
        return new ChainWalk(entries, recoveries, Optional.of(problem), last.seq(), last.hash());
      }
      JournalEntry recovery = JournalEntry.parse(records.get(j - 1));
      SkippedLines skipped = SkippedLines.from(recovery).orElseThrow();
      recoveries.add(new Verification.Recovery(j, skipped.fromLine(), skipped.toLine(), skipped.problem(),
          skipped.sha256()));
      entries.add(recovery);
      last = Link.of(j, recovery);
      i = j;
    }
    return new ChainWalk(entries, recoveries, Optional.empty(), last.seq(), last.hash());
  }

  /** The line number of the recovery entry that sets aside the lines from {@code brokenLine}, or -1. */
  private static int findRecovery(List<String> records, int brokenLine, Link last) {
    for (int j = brokenLine + 1; j <= records.size(); j++) {
      String text = records.get(j - 1);
      if (!text.contains("\"kind\":\"recovery\"")) {
        continue;
      }
      if (!(CanonicalLine.read(text) instanceof CanonicalLine.Parsed p)) {
        continue;
      }
      JournalEntry e = p.entry();
      if (e.kind() != JournalEntry.Kind.RECOVERY
          || e.seq() != last.seq() + 1
          || !e.prevHash().equals(last.hash())
          || !e.hasValidHash()) {
        continue;
      }
      Optional<SkippedLines> skipped = SkippedLines.from(e);
      if (skipped.isPresent()
          && skipped.get().fromLine() == brokenLine
          && skipped.get().toLine() == j - 1
          && skipped.get().matches(records)) {
        return j;
      }
    }
    return -1;
  }

  private static Examined examine(String text, int line, boolean isLast, Link last) {
    CanonicalLine.Read read = CanonicalLine.read(text);
    if (read instanceof CanonicalLine.Unreadable u) {
      if (isLast && CanonicalLine.isCutOffObject(text)) {
        return problem(line, JournalProblem.Kind.TORN_TAIL, "the last line ends before its entry does ("
            + text.length() + " characters): a write was cut off, e.g. by power loss or a full disk. The line is"
            + " kept; when the agent next opens the journal it sets the line aside with a recovery entry and"
            + " re-checks any change left unfinished.");
      }
      return problem(line, JournalProblem.Kind.UNPARSABLE,
          "the line is " + u.reason() + ": it was damaged or edited outside the agent." + KEEP_A_COPY);
    }
    JournalEntry e = ((CanonicalLine.Parsed) read).entry();
    String expected = e.expectedHash();
    if (!expected.equals(e.hash())) {
      return problem(line, JournalProblem.Kind.HASH_MISMATCH, "the " + e.kind().wireName() + " entry with seq "
          + e.seq() + " says its hash is " + abbreviate(e.hash()) + " but its content hashes to "
          + abbreviate(expected) + ": the line was altered after it was written." + KEEP_A_COPY);
    }
    if (!e.prevHash().equals(last.hash())) {
      return problem(line, JournalProblem.Kind.CHAIN_BROKEN, chainMessage(e, last) + KEEP_A_COPY);
    }
    if (e.seq() != last.seq() + 1) {
      return problem(line, JournalProblem.Kind.SEQUENCE_GAP, "the entry links to "
          + (last.line() == 0 ? "the start of the journal" : "line " + last.line() + " (seq " + last.seq() + ")")
          + " but has seq " + e.seq() + " instead of " + (last.seq() + 1)
          + ": it was not written by the agent, which numbers entries consecutively." + KEEP_A_COPY);
    }
    return new Examined(e, null);
  }

  private static String chainMessage(JournalEntry e, Link last) {
    if (last.line() == 0) {
      return "the first entry should have seq 1 and prevHash " + abbreviate(JournalEntry.GENESIS_HASH)
          + " but has seq " + e.seq() + " and prevHash " + abbreviate(e.prevHash())
          + ": the beginning of the journal is missing, or lines were moved here.";
    }
    String head = "the entry (seq " + e.seq() + ") does not link to line " + last.line() + " (seq " + last.seq()
        + "): its prevHash is " + abbreviate(e.prevHash()) + " but line " + last.line() + "'s hash is "
        + abbreviate(last.hash());
    if (e.seq() > last.seq() + 1) {
      long missing = e.seq() - last.seq() - 1;
      return head + "; " + (missing == 1 ? "the entry with seq " + (last.seq() + 1) + " is"
          : "the entries with seq " + (last.seq() + 1) + ".." + (e.seq() - 1) + " are")
          + " missing (removed, or lines were reordered).";
    }
    if (e.seq() <= last.seq()) {
      return head + "; it repeats or moves an earlier entry (lines were copied or reordered).";
    }
    return head + "; line " + last.line() + " was replaced, or the entry was written after a different one.";
  }

  private static JournalProblem strayRecovery(int line, JournalEntry e) {
    String lines = SkippedLines.from(e).map(SkippedLines::describe).orElse("some lines");
    return new JournalProblem(line, JournalProblem.Kind.CHAIN_BROKEN, "the recovery entry (seq " + e.seq()
        + ") sets aside " + lines + ", but no unreadable lines come before it: the lines it set aside were"
        + " removed from the journal afterwards." + KEEP_A_COPY);
  }

  private static Examined problem(int line, JournalProblem.Kind kind, String message) {
    return new Examined(null, new JournalProblem(line, kind, message));
  }

  static String abbreviate(String hash) {
    return hash.substring(0, 12) + "...";
  }
}
