/**
 * Applying a plan through adapters: one attempt per change, the actual value re-read right before each write,
 * intent journaled before and outcome after, a failed sub-group rolled back so it applies wholly or not at all,
 * and the result verified by reading back. Retrying is the work queue's job, never this package's.
 */
@NullMarked
package dev.converge.engine.apply;

import org.jspecify.annotations.NullMarked;
