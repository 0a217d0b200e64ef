package dev.converge.engine.port;

import dev.converge.engine.model.NodeValue;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing an auditor wants to know about, as it happened: a change written to the device (or not), or drift
 * found. The engine hands each to the {@link AuditSink} right after the journal has durably recorded it; the
 * journal stays the complete local record, an event is its compact summary for the cloud.
 *
 * <p>Values follow the journal's rule: a write-only (secret) property appears only as its digest
 * ({@code sha256:…}, see {@link NodeValue#digest()}), never in clear. {@link NodeValue#absent()} means "no value"
 * (the node did not exist before, or was deleted).
 *
 * @param kind what happened
 * @param desiredVersion the desired {@code $version} the engine was working on
 * @param deploymentId the group's {@code __meta.deploymentId}; {@code null} when the desired group names none
 * @param group the configuration group (top-level twin key)
 * @param property the desired property as reported ({@code timeZone}, {@code motd/content}, an item key for a
 *     whole item); the node path ({@code ./Device/Time/TimeZone}) when no property is known, as for a write
 *     completed after a restart, whose journal intent names only the node
 * @param before for a change: the value read just before the write; for drift: the actual value found
 * @param after for a change: the value written ({@link Kind#FAILED}: the value that could not be written;
 *     {@link Kind#ROLLED_BACK}: the value restored); for drift: the desired value
 * @param time when the engine recorded it (its {@link Clock}), UTC
 * @param message for {@link Kind#FAILED} and {@link Kind#REMEDIATION_FAILED}: what went wrong, as in
 *     {@code __errors}; otherwise {@code null}
 */
public record AuditEvent(
    Kind kind,
    long desiredVersion,
    @Nullable String deploymentId,
    String group,
    String property,
    NodeValue before,
    NodeValue after,
    Instant time,
    @Nullable String message) {

  /** What an event records: three kinds about writes, three about drift, and direct methods run on the device. */
  public enum Kind {
    /** A change was written and read back (also: a write interrupted by a restart that the device holds). */
    APPLIED("applied"),
    /** A write was refused or failed, or was interrupted by a restart and must be made again, or undoing failed. */
    FAILED("failed"),
    /** A write was undone because a later change of the same sub-group failed (a sub-group applies wholly). */
    ROLLED_BACK("rolledBack"),
    /** Drift found and left as it is: the drift policy is {@code report} ({@code __meta.deploymentStatus} drifted). */
    DRIFT("drift"),
    /** Drift found and put right: policy {@code remediate}; {@code before} is what was found. */
    REMEDIATED("remediated"),
    /** Drift found under policy {@code remediate}, but writing the desired value failed; retried by the queue. */
    REMEDIATION_FAILED("remediationFailed"),
    /**
     * A direct method ran on an adapter: {@code property} is the method, {@code after} its payload (secrets as
     * digests), {@code before} the adapter's result; {@code message} says why it failed, null when it succeeded.
     */
    COMMAND("command");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The name on the wire and in messages: camelCase ({@code applied}, {@code rolledBack}…). */
    public String wireName() {
      return wireName;
    }

    /** The kind with this {@link #wireName()}. */
    public static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.wireName().equals(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown audit event kind '" + text + "'");
    }

    /** Whether this kind is about drift rather than a change the engine was asked to make. */
    public boolean isDrift() {
      return this == DRIFT || this == REMEDIATED || this == REMEDIATION_FAILED;
    }
  }

  public AuditEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(time, "time");
    if (desiredVersion < 0) {
      throw new IllegalArgumentException("desiredVersion must not be negative, was " + desiredVersion);
    }
    if (group.isEmpty()) {
      throw new IllegalArgumentException("group must not be empty");
    }
    if (property.isEmpty()) {
      throw new IllegalArgumentException("property must not be empty");
    }
    if (deploymentId != null && deploymentId.isEmpty()) {
      throw new IllegalArgumentException("deploymentId must be null or non-empty");
    }
  }
}
