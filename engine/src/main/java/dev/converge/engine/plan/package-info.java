/**
 * Plans: from a diff, the minimal ordered list of node writes per sub-group, and across groups the dependency
 * order in which they apply. A plan is an immutable value; {@code converge plan} prints exactly the plan that
 * {@code apply} would execute. Executing it belongs to {@code apply}.
 */
@NullMarked
package dev.converge.engine.plan;

import org.jspecify.annotations.NullMarked;
