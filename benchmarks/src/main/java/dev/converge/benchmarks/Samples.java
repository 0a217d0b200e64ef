package dev.converge.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measurements of one kind, in nanoseconds (latencies, durations) or any other unit (bytes), and their percentiles.
 * Percentiles are nearest-rank: {@code p50} of an even count is the lower middle sample, never an interpolation, so
 * every figure printed is one that was measured.
 */
record Samples(List<Long> values) {

  Samples {
    values = List.copyOf(values);
  }

  static Samples of(List<Long> values) {
    return new Samples(values);
  }

  int count() {
    return values.size();
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  /** The {@code percent}-th percentile (nearest rank); {@code 0} is the minimum, {@code 100} the maximum. */
  long percentile(int percent) {
    if (values.isEmpty()) {
      throw new IllegalStateException("no samples");
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  long median() {
    return percentile(50);
  }

  /** A percentile of nanosecond samples, in milliseconds. */
  double millis(int percent) {
    return percentile(percent) / 1e6;
  }
}
