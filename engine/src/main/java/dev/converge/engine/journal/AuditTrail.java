package dev.converge.engine.journal;

import dev.converge.engine.desired.GroupMeta;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AuditEvent;
import dev.converge.engine.port.AuditSink;
import dev.converge.engine.port.Clock;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands {@link AuditEvent}s to the agent's {@link AuditSink}, stamped with the engine's clock. Callers emit right
 * after the journal has recorded the same fact, so an event never announces what the journal does not hold.
 *
 * <p>A sink that throws does not disturb reconciliation: the exception is caught here and logged, at WARN for the
 * first failure in a row (a person may want to know the cloud copy has a gap; the journal has none) and at DEBUG
 * for the ones that follow, so a sink that keeps failing does not flood the log. Thread-safe.
 */
public final class AuditTrail {

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final AuditSink sink;
  private final Clock clock;
  private boolean failing;

  private AuditTrail(AuditSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  public static AuditTrail of(AuditSink sink, Clock clock) {
    return new AuditTrail(Objects.requireNonNull(sink, "sink"), Objects.requireNonNull(clock, "clock"));
  }

  /** A trail that records nothing (its events are dropped), for engines and tests without a sink. */
  public static AuditTrail none() {
    return new AuditTrail(AuditSink.none(), () -> Instant.EPOCH);
  }

  /**
   * Emits one event. Never throws because of the sink.
   *
   * @param deploymentId as the journal has it: {@link GroupMeta#UNSPECIFIED} or empty become {@code null}
   * @param before already shown as the journal shows it (digests for secrets)
   * @param after likewise
   */
  public void emit(AuditEvent.Kind kind, String group, String property, NodeValue before, NodeValue after,
      long desiredVersion, String deploymentId, @Nullable String message) {
    String deployment = deploymentId.isEmpty() || deploymentId.equals(GroupMeta.UNSPECIFIED) ? null : deploymentId;
    AuditEvent event = new AuditEvent(kind, desiredVersion, deployment, group, property, before, after, clock.now(),
        message);
    try {
      sink.record(event);
      recovered();
    } catch (RuntimeException e) {
      failed(event, e);
    }
  }

  private synchronized void recovered() {
    if (failing) {
      failing = false;
      LOG.info("audit sink accepts events again");
    }
  }

  private synchronized void failed(AuditEvent event, RuntimeException e) {
    if (failing) {
      LOG.debug("audit sink failed again on {} {} {}: {}", event.kind().wireName(), event.group(), event.property(),
          e.toString());
      return;
    }
    failing = true;
    LOG.warn("audit sink failed on {} {} {}; the journal holds the event, the device-to-cloud copy may not"
        + " (further failures are logged at debug until it recovers)", event.kind().wireName(), event.group(),
        event.property(), e);
  }
}
