package dev.converge.engine.port;

import java.time.Instant;

/**
 * Time, injected so that tests advance it instead of sleeping. The engine never reads the wall clock itself.
 *
 * <p>{@link #now()} must not go backwards within a process: the work queue and the node cache measure delays
 * with it.
 */
@FunctionalInterface
public interface Clock {

  /** The current UTC instant. */
  Instant now();

  /** Nanoseconds on this clock's time line, for the Caffeine ticker. */
  default long nanos() {
    Instant n = now();
    return n.getEpochSecond() * 1_000_000_000L + n.getNano();
  }
}
