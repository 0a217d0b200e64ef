package dev.converge.emulator.hub;

import dev.converge.emulator.identity.IdentityId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last messages each device or module sent, for inspection by tests and operators. Bounded per identity: the
 * oldest message is dropped first, so a chatty device cannot exhaust memory.
 */
public final class TelemetryBuffer {

  public static final int DEFAULT_CAPACITY = 1000;

  private final int capacity;
  private final Map<IdentityId, Deque<TelemetryMessage>> messages = new ConcurrentHashMap<>();

  public TelemetryBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  public void add(TelemetryMessage message) {
    Deque<TelemetryMessage> queue = messages.computeIfAbsent(message.from(), k -> new ArrayDeque<>());
    synchronized (queue) {
      if (queue.size() == capacity) {
        queue.removeFirst();
      }
      queue.addLast(message);
    }
  }

  /** The messages kept for {@code id}, oldest first. */
  public List<TelemetryMessage> of(IdentityId id) {
    Deque<TelemetryMessage> queue = messages.get(id);
    if (queue == null) {
      return List.of();
    }
    synchronized (queue) {
      return List.copyOf(queue);
    }
  }

  public void forget(IdentityId id) {
    messages.remove(id);
  }
}
