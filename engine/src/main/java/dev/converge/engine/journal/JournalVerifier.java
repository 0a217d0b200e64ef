package dev.converge.engine.journal;

import java.util.List;

/**
 * Checks a whole journal: that every line is the canonical form of an entry, true to its own hash, linked to the
 * previous entry's hash and numbered one past it (see {@link JournalEntry} for the rules). This is {@code converge
 * journal verify}.
 *
 * <p>A {@link JournalEntry.Kind#RECOVERY} entry accounts for lines that could not be read: the chain is still
 * intact if such an entry follows the break, links to the last valid entry before it, and names exactly the lines
 * in between together with their SHA-256 (see {@link JournalRecorder}). The result then lists the recovery ("recovered
 * at line 13: line 12 unreadable"). A break that no recovery accounts for is the {@link Verification#firstBreak()};
 * nothing after it is judged.
 *
 * <p>A hash chain cannot show that whole entries were removed from its end. {@link Verification#lastSeq()} and
 * {@link Verification#lastHash()}, compared with a copy kept elsewhere, can.
 */
public final class JournalVerifier {

  private JournalVerifier() {}

  /** Verifies records as {@link dev.converge.engine.port.Journal#records()} returns them. Never throws for bad content. */
  public static Verification verify(List<String> records) {
    ChainWalk walk = ChainWalk.of(List.copyOf(records));
    return new Verification(
        walk.entries().size(), walk.lastSeq(), walk.lastHash(), walk.recoveries(), walk.firstBreak());
  }
}
