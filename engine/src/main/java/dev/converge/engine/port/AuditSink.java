package dev.converge.engine.port;

/**
 * Where the engine sends {@link AuditEvent}s: the agent turns each into a compact device-to-cloud message.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #record} is called on the thread that reconciles (or starts) the engine, after the journal entry it
 *       summarises is durable, in the order things happened. It should return quickly: queue the event, do not
 *       send it inline.
 *   <li>An exception it throws is logged by the engine and otherwise ignored: auditing never stops, fails or
 *       retries reconciliation. The journal remains the complete record either way.
 *   <li>Events hold no secrets (write-only values are digests), so an implementation may log or send them as
 *       they are.
 * </ul>
 */
@FunctionalInterface
public interface AuditSink {

  void record(AuditEvent event);

  /** A sink that drops every event: the default when none is given. */
  static AuditSink none() {
    return event -> {};
  }
}
