/**
 * Diff: binds a validated desired group to concrete nodes (filling node templates with item keys and identity
 * values), then compares each node's desired and actual value with the property's declared {@code Comparison}.
 *
 * <p>Every node ends up as add, replace, delete, unchanged or unknown (unreadable). Deciding what to write belongs
 * to {@code plan}; writing belongs to {@code apply}.
 */
@NullMarked
package dev.converge.engine.diff;

import org.jspecify.annotations.NullMarked;
