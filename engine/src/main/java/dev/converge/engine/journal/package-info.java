/**
 * The audit journal: an append-only chain of hashed JSON lines that records each adapter write (intent before,
 * outcome after), each drift detection, and each recovery from a damaged tail.
 *
 * <p>{@link dev.converge.engine.journal.JournalRecorder} writes entries and, when it opens, replays them: it finds
 * intents that have no outcome (a crash mid-apply) and damage at the end of the journal.
 * {@link dev.converge.engine.journal.JournalVerifier} checks a whole journal and reports the first place where the
 * hash chain breaks ({@code converge journal verify}). The canonical line form and the hash rule are defined on
 * {@link dev.converge.engine.journal.JournalEntry}.
 *
 * <p>{@link dev.converge.engine.journal.AuditTrail} passes the same facts, compactly, to the agent's
 * {@link dev.converge.engine.port.AuditSink} right after they are journaled (applied, failed and rolled-back writes;
 * drift reported, remediated or not), and keeps a failing sink from disturbing reconciliation.
 *
 * <p>Storage lives behind the {@link dev.converge.engine.port.Journal} port (the agent's {@code FileJournal}). Nothing
 * here reads files or the wall clock. Secrets never reach this package: callers pass digests for write-only values.
 */
@NullMarked
package dev.converge.engine.journal;

import org.jspecify.annotations.NullMarked;
