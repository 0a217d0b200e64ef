/**
 * The audit trail as it leaves the device: {@link dev.converge.agent.audit.AuditMessage} renders each engine
 * {@link dev.converge.engine.port.AuditEvent} as a compact device-to-cloud JSON message (format in
 * {@code docs/audit.md}).
 *
 * <p>Only rendering lives here. Sending belongs to the hub connection; what an event means, and the journal it
 * summarises, belong to the engine.
 */
@NullMarked
package dev.converge.agent.audit;

import org.jspecify.annotations.NullMarked;
