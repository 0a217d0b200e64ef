/**
 * The reconcile loop: takes keys from the work queue, runs the reconciler, and turns each
 * {@link dev.converge.engine.reconcile.Outcome} into a queue operation (forget, backoff, delay, wait for a
 * dependency). It alone sets the logging MDC and catches what escapes a run.
 */
@NullMarked
package dev.converge.engine.loop;

import org.jspecify.annotations.NullMarked;
