/**
 * Actual state: what the device's nodes hold, read through adapters and cached with Caffeine.
 *
 * <p>Each cached read expires after its capability's scan interval (on a ticker driven by the engine's
 * {@link dev.converge.engine.port.Clock}) and is invalidated by every write to the node, its ancestors or its
 * descendants. Only successful reads are cached. Writing belongs to {@code apply}, not here.
 */
@NullMarked
package dev.converge.engine.actual;

import org.jspecify.annotations.NullMarked;
