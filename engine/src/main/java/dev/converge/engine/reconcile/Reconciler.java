package dev.converge.engine.reconcile;

import dev.converge.engine.model.GroupKey;

/**
 * Brings one group to its desired state. Implementations read everything they need from the key (desired
 * document, actual state) and must not branch on what triggered the run: a desired patch, a drift scan, a
 * reconnect and a retry all mean "make it right".
 *
 * <p>The returned {@link Outcome} is the scheduling contract: {@code Converged} forgets the key, {@code Retry}
 * requeues it with backoff, {@code Failed} stops until something changes, {@code RequeueAfter} waits exactly that
 * long, {@code Blocked} waits for the dependency. A run never sleeps or retries by itself; an exception escaping it
 * is a bug, which the loop counts and treats as {@code Retry}.
 */
@FunctionalInterface
public interface Reconciler {
  Outcome reconcile(GroupKey key);
}
