package dev.converge.engine.queue;

import dev.converge.engine.port.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** When each capability's next drift scan is due. Thread-safe. */
public final class DriftSchedule {

  private record Entry(Duration interval, Instant next) {}

  private final Clock clock;
  private final Map<String, Entry> entries = new TreeMap<>();

  public DriftSchedule(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Schedules (or re-schedules) a capability's scans every {@code interval}, the first one interval from now. */
  public synchronized void schedule(String capability, Duration interval) {
    entries.put(capability, new Entry(interval, clock.now().plus(interval)));
  }

  /** Capabilities whose scan is due now; each is re-scheduled one interval later. */
  public synchronized List<String> due() {
    Instant now = clock.now();
    List<String> out = new ArrayList<>();
    entries.replaceAll((id, e) -> {
      if (e.next().isAfter(now)) {
        return e;
      }
      out.add(id);
      return new Entry(e.interval(), now.plus(e.interval()));
    });
    return out;
  }

  public synchronized Optional<Instant> nextDue() {
    return entries.values().stream().map(Entry::next).min(Comparator.naturalOrder());
  }
}
