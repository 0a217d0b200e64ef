package dev.converge.engine.report;

import dev.converge.engine.model.DeploymentStatus;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What is reported for one group: its actual values and {@code __meta}, {@code __errors}, {@code __drift}.
 *
 * @param properties actual values read back from the device (never an echo of desired), or empty when the
 *     reporting mode hides them
 * @param deviceInterfaceVersion the capability's interface version; empty when no capability owns the group
 * @param desiredVersion the desired {@code $version} this status was determined for
 * @param time when the status or deployment last changed
 */
public record GroupReport(String group, DeploymentStatus status, String deploymentId, String deviceInterfaceVersion,
    long desiredVersion, Instant time, NodeValue.Obj properties, Map<String, ReportedError> errors,
    Map<String, DriftReport> drift) {

  public GroupReport {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(deviceInterfaceVersion, "deviceInterfaceVersion");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(properties, "properties");
    errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    drift = Collections.unmodifiableMap(new LinkedHashMap<>(drift));
  }

  /** A copy with a new status; the time moves only when status or deployment actually change. */
  public GroupReport withStatus(DeploymentStatus newStatus, String newDeploymentId, long version, Instant now) {
    boolean moved = newStatus != status || !newDeploymentId.equals(deploymentId);
    return new GroupReport(group, newStatus, newDeploymentId, deviceInterfaceVersion, moved ? version : desiredVersion,
        moved ? now : time, properties, errors, drift);
  }

  public GroupReport withProperties(NodeValue.Obj newProperties) {
    return new GroupReport(group, status, deploymentId, deviceInterfaceVersion, desiredVersion, time, newProperties,
        errors, drift);
  }

  public GroupReport withErrors(Map<String, ReportedError> newErrors) {
    return new GroupReport(group, status, deploymentId, deviceInterfaceVersion, desiredVersion, time, properties,
        newErrors, drift);
  }

  public GroupReport withDrift(Map<String, DriftReport> newDrift) {
    return new GroupReport(group, status, deploymentId, deviceInterfaceVersion, desiredVersion, time, properties,
        errors, newDrift);
  }

  /** The reported group: values, then {@code __meta}, {@code __errors} (omitted when none), {@code __drift}. */
  public NodeValue.Obj toValue() {
    Map<String, NodeValue> f = new LinkedHashMap<>(properties.fields());
    Map<String, NodeValue> meta = new LinkedHashMap<>();
    meta.put("deploymentId", NodeValue.of(deploymentId));
    meta.put("deploymentStatus", NodeValue.of(status.wireName()));
    meta.put("time", NodeValue.of(Timestamps.format(time)));
    meta.put("deviceInterfaceVersion", NodeValue.of(deviceInterfaceVersion));
    meta.put("desiredVersion", NodeValue.of(desiredVersion));
    f.put("__meta", NodeValue.object(meta));
    if (!errors.isEmpty()) {
      Map<String, NodeValue> e = new LinkedHashMap<>();
      errors.forEach((k, v) -> e.put(k, v.toValue()));
      f.put("__errors", NodeValue.object(e));
    }
    if (!drift.isEmpty()) {
      Map<String, NodeValue> d = new LinkedHashMap<>();
      drift.forEach((k, v) -> d.put(k, v.toValue()));
      f.put("__drift", NodeValue.object(d));
    }
    return NodeValue.object(f);
  }
}
