package dev.converge.engine.definition;

import dev.converge.engine.model.DriftPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How a capability treats drift, and how often it scans for it. The scan interval is also how long its actual-state
 * reads are cached.
 */
public record DriftSpec(DriftPolicy policy, Duration scanInterval) {

  public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofMinutes(5);

  public DriftSpec {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(scanInterval, "scanInterval");
    if (scanInterval.isNegative() || scanInterval.isZero()) {
      throw new IllegalArgumentException("scan interval must be positive");
    }
  }

  public static DriftSpec defaults() {
    return new DriftSpec(DriftPolicy.REMEDIATE, DEFAULT_SCAN_INTERVAL);
  }
}
