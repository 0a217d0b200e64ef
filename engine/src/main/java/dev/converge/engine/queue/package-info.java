/**
 * The work queue and its timing: de-duplication per group, dependency-aware ordering, delayed re-adds, capped
 * exponential backoff within a retry budget, drift-scan schedules, and the {@code $version} predicate that drops
 * stale desired updates. Triggers only enqueue a {@link dev.converge.engine.model.GroupKey}; what to do with it
 * belongs to {@code reconcile}.
 */
@NullMarked
package dev.converge.engine.queue;

import org.jspecify.annotations.NullMarked;
