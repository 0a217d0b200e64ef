package dev.converge.engine.journal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JournalRecorder#open} found in the journal.
 *
 * @param validEntries entries in the valid chain when the journal was opened (a recovery entry written by that
 *     opening not counted)
 * @param unfinishedIntents intents of the valid chain that have no outcome, in order: a crash came between the
 *     intent and the outcome. Each must be re-checked against the device and completed with
 *     {@link JournalRecorder#outcome}.
 * @param problem the break in the chain that opening found and set aside with a recovery entry, if any
 */
public record ReplayReport(long validEntries, List<JournalEntry> unfinishedIntents, Optional<JournalProblem> problem) {

  public ReplayReport {
    unfinishedIntents = List.copyOf(unfinishedIntents);
    Objects.requireNonNull(problem, "problem");
  }

  /** Whether there is nothing to finish and nothing was damaged. */
  public boolean isClean() {
    return unfinishedIntents.isEmpty() && problem.isEmpty();
  }
}
