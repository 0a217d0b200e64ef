package dev.converge.engine.port;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link AuditSink} that keeps every event it is given, for tests; it can be told to throw instead, as a sink
 * whose queue is full or whose connection is gone might. Thread-safe.
 */
public final class RecordingAuditSink implements AuditSink {

  private final List<AuditEvent> events = new ArrayList<>();
  private RuntimeException failure;
  private int refused;

  @Override
  public synchronized void record(AuditEvent event) {
    if (failure != null) {
      refused++;
      throw failure;
    }
    events.add(event);
  }

  /** Makes every following call throw {@code e}, until {@link #accept()}. */
  public synchronized RecordingAuditSink failWith(RuntimeException e) {
    this.failure = e;
    return this;
  }

  /** Accepts events again. */
  public synchronized RecordingAuditSink accept() {
    this.failure = null;
    return this;
  }

  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /** Events of one kind, in order. */
  public synchronized List<AuditEvent> events(AuditEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }

  /** How many calls threw. */
  public synchronized int refused() {
    return refused;
  }

  public synchronized void clear() {
    events.clear();
  }
}
