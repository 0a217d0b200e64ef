package dev.converge.engine.report;

import dev.converge.engine.desired.GroupMeta;
import dev.converge.engine.model.DeploymentStatus;
import dev.converge.engine.model.NodeValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code __summary} section: which groups failed, are pending, blocked or drifted, and which deployments are on
 * the device. Built from the group reports every time, so it never disagrees with them (the original agent kept it
 * in memory only and lost failures on restart; its {@code deployments} was never filled).
 */
public record Summary(List<String> failed, List<String> pending, List<String> blocked, List<String> drifted,
    List<String> unsupported, List<String> deployments, long desiredVersion) {

  public Summary {
    failed = List.copyOf(failed);
    pending = List.copyOf(pending);
    blocked = List.copyOf(blocked);
    drifted = List.copyOf(drifted);
    unsupported = List.copyOf(unsupported);
    deployments = List.copyOf(deployments);
  }

  public static Summary of(Collection<GroupReport> groups, long desiredVersion) {
    TreeSet<String> failed = new TreeSet<>();
    TreeSet<String> pending = new TreeSet<>();
    TreeSet<String> blocked = new TreeSet<>();
    TreeSet<String> drifted = new TreeSet<>();
    TreeSet<String> unsupported = new TreeSet<>();
    TreeSet<String> deployments = new TreeSet<>();
    for (GroupReport g : groups) {
      if (g.status().countsAsFailed()) {
        failed.add(g.group());
      } else if (g.status() == DeploymentStatus.PENDING) {
        pending.add(g.group());
      } else if (g.status() == DeploymentStatus.BLOCKED) {
        blocked.add(g.group());
      } else if (g.status() == DeploymentStatus.DRIFTED) {
        drifted.add(g.group());
      } else if (g.status() == DeploymentStatus.UNSUPPORTED) {
        unsupported.add(g.group());
      }
      if (g.status() != DeploymentStatus.UNMANAGED && !g.deploymentId().equals(GroupMeta.UNSPECIFIED)) {
        deployments.add(g.deploymentId());
      }
    }
    return new Summary(new ArrayList<>(failed), new ArrayList<>(pending), new ArrayList<>(blocked),
        new ArrayList<>(drifted), new ArrayList<>(unsupported), new ArrayList<>(deployments), desiredVersion);
  }

  /** True when every group reached a final, good state. */
  public boolean isConverged() {
    return failed.isEmpty() && pending.isEmpty() && blocked.isEmpty() && drifted.isEmpty() && unsupported.isEmpty();
  }

  public NodeValue.Obj toValue(Instant time) {
    Map<String, NodeValue> f = new LinkedHashMap<>();
    f.put("failedCount", NodeValue.of(failed.size()));
    f.put("failedGroups", NodeValue.of(String.join(";", failed)));
    f.put("pendingCount", NodeValue.of(pending.size()));
    f.put("pendingGroups", NodeValue.of(String.join(";", pending)));
    f.put("blockedCount", NodeValue.of(blocked.size()));
    f.put("blockedGroups", NodeValue.of(String.join(";", blocked)));
    f.put("driftCount", NodeValue.of(drifted.size()));
    f.put("driftGroups", NodeValue.of(String.join(";", drifted)));
    f.put("unsupportedCount", NodeValue.of(unsupported.size()));
    f.put("unsupportedGroups", NodeValue.of(String.join(";", unsupported)));
    f.put("deployments", NodeValue.of(String.join(";", deployments)));
    f.put("desiredVersion", NodeValue.of(desiredVersion));
    f.put("time", NodeValue.of(Timestamps.format(time)));
    return NodeValue.object(f);
  }
}
