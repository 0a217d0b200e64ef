package dev.converge.engine.port;

import java.time.Duration;
import java.time.Instant;

/** A clock tests move by hand; it never moves by itself. Thread-safe. */
public final class FakeClock implements Clock {

  private Instant now;

  public FakeClock(Instant start) {
    this.now = start;
  }

  public FakeClock() {
    this(Instant.parse("2026-11-26T04:00:00Z"));
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go backwards: " + d);
    }
    now = now.plus(d);
  }

  public synchronized void set(Instant instant) {
    if (instant.isBefore(now)) {
      throw new IllegalArgumentException("time does not go backwards: " + instant + " < " + now);
    }
    now = instant;
  }
}
