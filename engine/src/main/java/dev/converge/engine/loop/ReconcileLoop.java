package dev.converge.engine.loop;

import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.ReportedError;
import dev.converge.engine.queue.Backoff;
import dev.converge.engine.queue.Trigger;
import dev.converge.engine.queue.WorkQueue;
import dev.converge.engine.reconcile.Outcome;
import dev.converge.engine.reconcile.Reconciler;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dequeues group keys, reconciles them, and schedules by outcome (after controller-runtime's
 * {@code processNextWorkItem} / {@code reconcileHandler}):
 *
 * <ul>
 *   <li>{@code Converged} and {@code Failed} forget the key's failures;
 *   <li>{@code Retry} re-adds it after capped exponential backoff while the retry budget lasts, then gives up until
 *       a new trigger;
 *   <li>{@code RequeueAfter} re-adds it after exactly that delay;
 *   <li>{@code Blocked} parks it until its dependency is next reconciled;
 *   <li>an exception escaping the reconciler is a bug: logged, counted, and handled as {@code Retry}.
 * </ul>
 *
 * <p>Whatever the outcome, keys parked on the reconciled key are queued again, so dependents see its new state.
 */
public final class ReconcileLoop {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  private final WorkQueue queue;
  private final Reconciler reconciler;
  private final Backoff backoff;
  private final Map<GroupKey, Integer> failures = new HashMap<>();
  private final Map<GroupKey, Set<GroupKey>> waiting = new HashMap<>();
  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong panics = new AtomicLong();

  public ReconcileLoop(WorkQueue queue, Reconciler reconciler, Backoff backoff) {
    this.queue = Objects.requireNonNull(queue, "queue");
    this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
  }

  /** Processes keys until none is ready (delayed keys stay queued). Returns how many runs it made. */
  public int runUntilIdle() {
    int n = 0;
    Optional<WorkQueue.Next> next;
    while ((next = queue.next()).isPresent()) {
      process(next.get());
      n++;
    }
    return n;
  }

  private void process(WorkQueue.Next next) {
    GroupKey key = next.key();
    long id = runs.incrementAndGet();
    MDC.put("group", key.toString());
    MDC.put("reconcileId", Long.toString(id));
    try {
      LOG.debug("reconcile {} ({})", key, next.trigger());
      Outcome outcome;
      try {
        outcome = reconciler.reconcile(key);
      } catch (RuntimeException e) {
        panics.incrementAndGet();
        LOG.error("reconciling {} threw; this is a Converge bug, retrying with backoff", key, e);
        outcome = new Outcome.Retry(ReportedError.of(ErrorCode.INTERNAL, key.group(), "internal error: " + e,
            Map.of()));
      }
      schedule(key, outcome);
    } finally {
      queue.done(key);
      wakeDependents(key);
      MDC.remove("group");
      MDC.remove("reconcileId");
    }
  }

  private void schedule(GroupKey key, Outcome outcome) {
    if (outcome instanceof Outcome.Converged || outcome instanceof Outcome.Failed) {
      failures.remove(key);
      queue.cancelDelayed(key);
    } else if (outcome instanceof Outcome.Retry retry) {
      int n = failures.merge(key, 1, Integer::sum);
      if (backoff.allowsRetry(n)) {
        Duration delay = backoff.delay(n);
        LOG.warn("{} failed ({}); retry {} of {} in {}", key, retry.cause(), n, backoff.budget(), delay);
        queue.addAfter(key, delay, Trigger.RETRY);
      } else {
        LOG.warn("{} still failing after {} retries ({}); waiting for a desired change or the next drift scan", key,
            backoff.budget(), retry.cause());
        failures.remove(key);
      }
    } else if (outcome instanceof Outcome.RequeueAfter after) {
      queue.addAfter(key, after.delay(), Trigger.RETRY);
    } else if (outcome instanceof Outcome.Blocked blocked) {
      synchronized (waiting) {
        waiting.computeIfAbsent(blocked.dependency(), k -> new LinkedHashSet<>()).add(key);
      }
    }
  }

  private void wakeDependents(GroupKey key) {
    Set<GroupKey> parked;
    synchronized (waiting) {
      parked = waiting.remove(key);
    }
    if (parked != null) {
      parked.forEach(k -> queue.add(k, Trigger.DEPENDENCY_CONVERGED));
    }
  }

  /** Consecutive failures of a key since it last converged (0 when none). */
  public int failures(GroupKey key) {
    return failures.getOrDefault(key, 0);
  }

  /** Runs that ended in an exception: Converge bugs, counted so tests and health checks can see them. */
  public long panics() {
    return panics.get();
  }
}
