package dev.converge.agent.runtime;

import dev.converge.engine.port.Clock;
import java.time.Instant;

/** The real clock. Nanos come from {@link System#nanoTime()}, which never goes backwards (the cache needs that). */
public final class SystemClock implements Clock {

  private final long originNanos = System.nanoTime();
  private final Instant origin = Instant.now();

  @Override
  public Instant now() {
    return origin.plusNanos(System.nanoTime() - originNanos);
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }
}
