package dev.converge.engine.journal;

import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.Clock;
import dev.converge.engine.port.Journal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit journal: an intent before each adapter write, its outcome after, each drift detection. Every
 * entry is appended, durably, before the method returns, and carries the hash of the entry before it (see
 * {@link JournalEntry} for the line form and the hash rule).
 *
 * <h2>Opening and replay</h2>
 *
 * <p>{@link #open} reads every record, checks the chain as {@link JournalVerifier} does and continues it. What it
 * found is {@link #replay()}: the number of valid entries, the intents without an outcome (a crash came between
 * the two; the caller re-checks each against the device and completes it with {@link #outcome}), and the break in
 * the chain, if any.
 *
 * <h2>Recovery rule: nothing is dropped or rewritten</h2>
 *
 * <p>When the chain breaks at line {@code a} (a torn last write, or damage) and the journal has {@code b} lines,
 * opening leaves lines {@code a..b} exactly as they are and appends, as line {@code b + 1}, a
 * {@link JournalEntry.Kind#RECOVERY} entry that
 *
 * <ul>
 *   <li>links to the last valid entry before line {@code a}: {@code prevHash} is its hash and {@code seq} is its
 *       {@code seq} + 1 (so seqs found in lines {@code a..b} may appear again after it);
 *   <li>records in {@code before} the lines set aside, {@code {"fromLine":a,"toLine":b,"problem":"tornTail",
 *       "sha256":"…"}}, where {@code sha256} is the SHA-256 of those lines, exactly as {@link Journal#records()}
 *       returned them, joined with {@code "\n"}; and says in {@code message} what was wrong.
 * </ul>
 *
 * <p>New entries chain on from the recovery entry. A verifier then reports "recovered at line {@code b + 1}: lines
 * {@code a..b} unreadable" and checks that those lines are still there, unchanged. Entries inside the lines set
 * aside take no part in replay: an unfinished intent among them is not found again, which is why a break that is
 * not a torn tail is logged as an error for a person to look at.
 *
 * <h2>Failures and threading</h2>
 *
 * <p>Methods are synchronized; one recorder may be shared by all workers. A {@link RuntimeException} from the
 * journal (an {@code UncheckedIOException} from a file) propagates, and the entry may or may not have been stored.
 * The recorder then reads the journal again before its next use and goes on from what is really there, setting a
 * torn write aside as above. If {@link #intent} throws, the change must not be attempted; should the intent have
 * been stored nonetheless, the recorder closes it with the result {@code interrupted}.
 */
public final class JournalRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(JournalRecorder.class);

  private final Journal journal;
  private final Clock clock;
  private final ReplayReport replay;
  /** Intents of the chain without an outcome, by seq, in order. */
  private final Map<Long, JournalEntry> openIntents = new LinkedHashMap<>();
  private long lastSeq;
  private String lastHash;
  /** Set when an append failed: what the journal holds is unknown until it is read again. */
  private boolean mustReread;
  /** The intent whose append failed, if that was an intent: closed as interrupted if it was stored after all. */
  private @Nullable JournalEntry failedIntent;

  private JournalRecorder(Journal journal, Clock clock, ChainWalk walk, ReplayReport replay) {
    this.journal = journal;
    this.clock = clock;
    this.replay = replay;
    this.lastHash = JournalEntry.GENESIS_HASH;
    adopt(walk);
  }

  /**
   * Reads and checks every record of {@code journal} and continues its chain. If the chain breaks, appends a
   * recovery entry (see the class comment) before returning, and logs the problem.
   *
   * @throws RuntimeException what the journal throws when it cannot be read or the recovery entry written
   */
  public static JournalRecorder open(Journal journal, Clock clock) {
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(clock, "clock");
    List<String> records = List.copyOf(journal.records());
    ChainWalk walk = ChainWalk.of(records);
    Optional<SkippedLines> skipped = walk.firstBreak().map(p -> SkippedLines.of(records, p.line(), p.kind()));
    Optional<JournalProblem> problem = walk.firstBreak().map(p -> new JournalProblem(p.line(), p.kind(),
        p.message() + " Set aside: " + skipped.orElseThrow().describe() + ", kept as found; a recovery entry (line "
            + (records.size() + 1) + ", seq " + (walk.lastSeq() + 1) + ") continues the chain."));
    ReplayReport replay = new ReplayReport(walk.entries().size(), unfinished(walk.entries()), problem);
    JournalRecorder recorder = new JournalRecorder(journal, clock, walk, replay);
    synchronized (recorder) {
      if (skipped.isPresent()) {
        recorder.setAside(problem.orElseThrow(), skipped.get());
      }
    }
    if (!replay.unfinishedIntents().isEmpty()) {
      LOG.info("journal has {} unfinished intent(s) to re-check", replay.unfinishedIntents().size());
    }
    return recorder;
  }

  /** What opening found. The same value on every call. */
  public ReplayReport replay() {
    return replay;
  }

  /**
   * Records that {@code operation} is about to be applied to {@code node}. Call it before the adapter write; the
   * write may start once this returns.
   *
   * @param operation {@code add}, {@code replace}, {@code delete} or {@code exec}
   * @param before the value read just before the write ({@link NodeValue#absent()} if none)
   * @param after the value to be written (a digest, never the secret, for a write-only property)
   * @return the intent's seq, to pass to {@link #outcome}
   * @throws IllegalArgumentException for an unknown operation or a negative version
   */
  public synchronized long intent(GroupKey key, String node, String operation, NodeValue before, NodeValue after,
      long desiredVersion, String deploymentId) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(operation, "operation");
    rereadIfNeeded();
    JournalEntry e = next(JournalEntry.Kind.INTENT, key.group(), key.item(), null, node, operation, before, after,
        desiredVersion, deploymentId, 0, null, null);
    write(e);
    openIntents.put(e.seq(), e);
    return e.seq();
  }

  /**
   * Records how the write announced by intent {@code intentSeq} ended. The entry repeats the intent's group,
   * node, operation, {@code before}, version and deployment.
   *
   * @param result {@code applied}, {@code unchanged}, {@code failed}, {@code rolledBack},
   *     {@code completedAfterRestart}, {@code interrupted}…
   * @param after the value read back after the write
   * @throws IllegalArgumentException if {@code intentSeq} is not an open intent (unknown, or already completed)
   */
  public synchronized void outcome(long intentSeq, String result, NodeValue after, @Nullable String message) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(after, "after");
    rereadIfNeeded();
    JournalEntry intent = openIntents.get(intentSeq);
    if (intent == null) {
      throw new IllegalArgumentException("no open intent with seq " + intentSeq + " (unknown, or already completed)");
    }
    writeOutcome(intent, result, after, message);
  }

  /**
   * Records that {@code property} ({@code node} on the device) was found at {@code actual} instead of
   * {@code desired}, and what was done about it. In the entry, {@code before} is the actual value and {@code after}
   * the desired one.
   *
   * @param action {@code remediated} or {@code reported}, as in the reported {@code __drift.action}
   */
  public synchronized void drift(GroupKey key, String property, String node, NodeValue desired, NodeValue actual,
      String action, long desiredVersion, String deploymentId) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(action, "action");
    rereadIfNeeded();
    write(next(JournalEntry.Kind.DRIFT, key.group(), key.item(), property, node, null, actual, desired,
        desiredVersion, deploymentId, 0, action, null));
  }

  /** The intents that have no outcome yet, in order: those found by {@link #open} and those written since. */
  public synchronized List<JournalEntry> openIntents() {
    rereadIfNeeded();
    return List.copyOf(openIntents.values());
  }

  // --- internals; all called with the lock held ---

  private void adopt(ChainWalk walk) {
    lastSeq = walk.lastSeq();
    lastHash = walk.lastHash();
    openIntents.clear();
    for (JournalEntry e : unfinished(walk.entries())) {
      openIntents.put(e.seq(), e);
    }
  }

  private void writeOutcome(JournalEntry intent, String result, NodeValue after, @Nullable String message) {
    write(next(JournalEntry.Kind.OUTCOME, intent.group(), intent.item(), intent.property(), intent.node(),
        intent.operation(), intent.before(), after, intent.desiredVersion(), intent.deploymentId(), intent.seq(),
        result, message));
    openIntents.remove(intent.seq());
  }

  private void setAside(JournalProblem problem, SkippedLines skipped) {
    if (problem.kind() == JournalProblem.Kind.TORN_TAIL) {
      LOG.warn("journal: {}", problem.describe());
    } else {
      LOG.error("journal: {}", problem.describe());
    }
    write(next(JournalEntry.Kind.RECOVERY, JournalEntry.JOURNAL_GROUP, null, null, null, null, skipped.toValue(),
        NodeValue.absent(), 0, "", 0, "recovered",
        skipped.describe() + " set aside, kept as found: " + problem.kind().describe() + " at line "
            + problem.line()));
  }

  private JournalEntry next(JournalEntry.Kind kind, String group, @Nullable String item, @Nullable String property,
      @Nullable String node, @Nullable String operation, NodeValue before, NodeValue after, long desiredVersion,
      String deploymentId, long intentSeq, @Nullable String result, @Nullable String message) {
    return JournalEntry.sealed(lastSeq + 1, clock.now(), kind, group, item, property, node, operation, before,
        after, desiredVersion, deploymentId, intentSeq, result, message, lastHash);
  }

  private void write(JournalEntry e) {
    try {
      journal.append(e.toLine());
    } catch (RuntimeException failure) {
      mustReread = true;
      if (e.kind() == JournalEntry.Kind.INTENT) {
        failedIntent = e;
      }
      throw failure;
    }
    lastSeq = e.seq();
    lastHash = e.hash();
  }

  /** After a failed append: goes on from what the journal really holds. */
  private void rereadIfNeeded() {
    if (!mustReread) {
      return;
    }
    List<String> records = List.copyOf(journal.records());
    ChainWalk walk = ChainWalk.of(records);
    adopt(walk);
    mustReread = false;
    if (walk.firstBreak().isPresent()) {
      JournalProblem p = walk.firstBreak().get();
      setAside(p, SkippedLines.of(records, p.line(), p.kind()));
    }
    JournalEntry attempted = failedIntent;
    if (attempted != null) {
      JournalEntry stored = openIntents.get(attempted.seq());
      if (stored != null && stored.hash().equals(attempted.hash())) {
        writeOutcome(stored, "interrupted", stored.before(),
            "the journal reported an error while recording this intent, so the change was not attempted");
      }
      failedIntent = null;
    }
  }

  private static List<JournalEntry> unfinished(List<JournalEntry> chain) {
    Map<Long, JournalEntry> open = new LinkedHashMap<>();
    for (JournalEntry e : chain) {
      if (e.kind() == JournalEntry.Kind.INTENT) {
        open.put(e.seq(), e);
      } else if (e.kind() == JournalEntry.Kind.OUTCOME) {
        open.remove(e.intentSeq());
      }
    }
    return new ArrayList<>(open.values());
  }
}
