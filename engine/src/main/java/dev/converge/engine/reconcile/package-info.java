/**
 * Reconciliation of one group: from its key alone (never the event that queued it), bring the device to the
 * desired state and record what to report. The {@link dev.converge.engine.reconcile.Outcome} it returns is the
 * scheduling contract with the loop.
 */
@NullMarked
package dev.converge.engine.reconcile;

import org.jspecify.annotations.NullMarked;
