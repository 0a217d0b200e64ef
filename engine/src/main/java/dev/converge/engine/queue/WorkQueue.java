package dev.converge.engine.queue;

import dev.converge.engine.model.GroupKey;
import dev.converge.engine.port.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The queue of groups to reconcile, after client-go's workqueue: a key is queued at most once; a key added while
 * it is being processed is marked dirty and queued again when processing ends, so no change is lost and no key
 * runs on two workers; delayed keys become ready when the clock reaches their time.
 *
 * <p>It respects dependencies: a key is handed out only when none of the keys it depends on is queued or in
 * flight, so a dependency applied in the same batch goes first. Among eligible keys the order is the given rank
 * (dependency order), then the key. Thread-safe.
 */
public final class WorkQueue {

  private final Clock clock;
  private final Function<GroupKey, Set<GroupKey>> dependencies;
  private final Comparator<GroupKey> order;
  private final java.util.TreeSet<GroupKey> ready;
  private final Set<GroupKey> inFlight = new HashSet<>();
  private final Set<GroupKey> dirty = new HashSet<>();
  private final Map<GroupKey, Instant> delayed = new HashMap<>();
  private final Map<GroupKey, Trigger> reasons = new HashMap<>();

  /**
   * @param dependencies the keys a key must wait for
   * @param rank a key's position in dependency order (lower first)
   */
  public WorkQueue(Clock clock, Function<GroupKey, Set<GroupKey>> dependencies, Function<GroupKey, Integer> rank) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
    this.order = Comparator.comparing(rank).thenComparing(Comparator.naturalOrder());
    this.ready = new java.util.TreeSet<>(order);
  }

  /** Queues a key now. A pending delayed add of the same key is superseded. */
  public synchronized void add(GroupKey key, Trigger trigger) {
    delayed.remove(key);
    reasons.putIfAbsent(key, trigger);
    if (inFlight.contains(key)) {
      dirty.add(key);
    } else {
      ready.add(key);
    }
  }

  /** Queues a key once {@code delay} has passed, unless it is queued sooner. */
  public synchronized void addAfter(GroupKey key, Duration delay, Trigger trigger) {
    if (delay.isZero() || delay.isNegative()) {
      add(key, trigger);
      return;
    }
    if (ready.contains(key)) {
      return;
    }
    Instant at = clock.now().plus(delay);
    delayed.merge(key, at, (a, b) -> a.isBefore(b) ? a : b);
    reasons.putIfAbsent(key, trigger);
  }

  /** Hands out the next eligible key and marks it in flight, or empty when none is eligible now. */
  public synchronized Optional<Next> next() {
    promoteDue();
    GroupKey best = null;
    for (GroupKey k : ready) { // in dependency order: usually the first key is eligible
      if (isEligible(k)) {
        best = k;
        break;
      }
    }
    if (best == null && inFlight.isEmpty() && !ready.isEmpty()) {
      // Every ready key waits for another ready key: a dependency cycle declared in desired __meta. Hand one out
      // anyway; the reconciler reports the cycle instead of the queue stalling.
      best = ready.first();
    }
    if (best == null) {
      return Optional.empty();
    }
    ready.remove(best);
    inFlight.add(best);
    Trigger t = reasons.remove(best);
    return Optional.of(new Next(best, t == null ? Trigger.DESIRED_CHANGE : t));
  }

  /** A key handed out, and the first reason it was queued for (for logs). */
  public record Next(GroupKey key, Trigger trigger) {}

  /** Ends processing of a key; if it was added meanwhile, it is queued again. */
  public synchronized void done(GroupKey key) {
    inFlight.remove(key);
    if (dirty.remove(key)) {
      ready.add(key);
    }
  }

  /** Removes a key's delayed add (e.g. its retry is no longer wanted). */
  public synchronized void cancelDelayed(GroupKey key) {
    delayed.remove(key);
  }

  /** When the earliest delayed key becomes ready, if any. */
  public synchronized Optional<Instant> nextDue() {
    return delayed.values().stream().min(Comparator.naturalOrder());
  }

  /** True when nothing is ready or in flight (delayed keys may remain). */
  public synchronized boolean isIdle() {
    promoteDue();
    return ready.isEmpty() && inFlight.isEmpty();
  }

  private boolean isEligible(GroupKey key) {
    for (GroupKey d : dependencies.apply(key)) {
      if (!d.equals(key) && (ready.contains(d) || inFlight.contains(d))) {
        return false;
      }
    }
    return true;
  }

  private void promoteDue() {
    if (delayed.isEmpty()) {
      return;
    }
    Instant now = clock.now();
    List<GroupKey> due = new ArrayList<>();
    delayed.forEach((k, at) -> {
      if (!at.isAfter(now)) {
        due.add(k);
      }
    });
    for (GroupKey k : due) {
      delayed.remove(k);
      if (inFlight.contains(k)) {
        dirty.add(k);
      } else {
        ready.add(k);
      }
    }
  }
}
