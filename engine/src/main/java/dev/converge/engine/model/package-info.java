/**
 * The engine's vocabulary: immutable values shared by every step (paths, values, keys, errors, statuses).
 *
 * <p>Nothing here performs I/O or holds mutable state. Jackson appears only in {@link
 * dev.converge.engine.model.NodeValue}'s conversion methods, the one edge where twin JSON becomes a value.
 */
@NullMarked
package dev.converge.engine.model;

import org.jspecify.annotations.NullMarked;
