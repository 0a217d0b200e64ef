package dev.converge.engine.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Capped exponential backoff with jitter, and the retry budget it runs within.
 *
 * <p>The delay before attempt {@code n} (1-based count of failures so far) is {@code base * 2^(n-1)}, capped,
 * then scaled by a random factor in [0.5, 1.0] so that a fleet recovering from one outage does not retry in step.
 * Jitter comes from an injected {@link Random}, so tests are repeatable.
 */
public final class Backoff {

  private final Duration base;
  private final Duration cap;
  private final int budget;
  private final Random random;

  public Backoff(Duration base, Duration cap, int budget, Random random) {
    this.base = Objects.requireNonNull(base, "base");
    this.cap = Objects.requireNonNull(cap, "cap");
    this.random = Objects.requireNonNull(random, "random");
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap, got " + base + " and " + cap);
    }
    if (budget < 0) {
      throw new IllegalArgumentException("retry budget must not be negative: " + budget);
    }
    this.budget = budget;
  }

  public static Backoff defaults(Random random) {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 10, random);
  }

  /** Retries allowed after the first failure before the group waits for a new trigger. */
  public int budget() {
    return budget;
  }

  public boolean allowsRetry(int failures) {
    return failures <= budget;
  }

  /** The delay before the next attempt after {@code failures} consecutive failures (at least 1). */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1: " + failures);
    }
    long baseNanos = base.toNanos();
    long capNanos = cap.toNanos();
    long nanos = baseNanos;
    for (int i = 1; i < failures && nanos < capNanos; i++) {
      nanos = nanos > capNanos / 2 ? capNanos : nanos * 2;
    }
    nanos = Math.min(nanos, capNanos);
    double jitter = 0.5 + random.nextDouble() * 0.5;
    return Duration.ofNanos(Math.max(1, (long) (nanos * jitter)));
  }
}
