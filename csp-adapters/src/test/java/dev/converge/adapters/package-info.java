/**
 * Tests of the csp-adapters module as a whole: that every bundled capability definition loads and finds its
 * adapter through {@link java.util.ServiceLoader}. Tests of one adapter live in that adapter's package.
 */
@NullMarked
package dev.converge.adapters;

import org.jspecify.annotations.NullMarked;
