package dev.converge.engine.desired;

import dev.converge.engine.model.DriftPolicy;
import dev.converge.engine.model.InterfaceVersion;
import dev.converge.engine.model.NodeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The desired {@code __meta} of a group, with defaults filled in.
 *
 * @param serviceVersion {@code null} when not given: the capability's own version is assumed (the original agent
 *     failed the group instead)
 * @param dependencies extra capability ids this group waits for, beyond its capability's own
 * @param driftPolicy {@code null} to use the capability's policy
 */
public record GroupMeta(String deploymentId, @Nullable InterfaceVersion serviceVersion, ReportingMode reportingMode,
    List<String> dependencies, @Nullable DriftPolicy driftPolicy) {

  public static final String UNSPECIFIED = "unspecified";

  public GroupMeta {
    Objects.requireNonNull(deploymentId, "deploymentId");
    Objects.requireNonNull(reportingMode, "reportingMode");
    dependencies = List.copyOf(dependencies);
  }

  public static GroupMeta defaults() {
    return new GroupMeta(UNSPECIFIED, null, ReportingMode.DETAILED, List.of(), null);
  }

  /**
   * Reads {@code __meta} leniently: a malformed field falls back to its default. Callers validate first; this is
   * also used for invalid groups, so that their report still names the deployment.
   */
  public static GroupMeta read(NodeValue meta) {
    if (!(meta instanceof NodeValue.Obj m)) {
      return defaults();
    }
    String deployment = m.text("deploymentId").filter(s -> !s.isEmpty()).orElse(UNSPECIFIED);
    InterfaceVersion service = m.text("serviceInterfaceVersion").filter(InterfaceVersion::isValid)
        .map(InterfaceVersion::parse).orElse(null);
    ReportingMode mode = m.text("reportingMode").map(ReportingMode::parse).orElse(ReportingMode.DETAILED);
    List<String> deps = new ArrayList<>();
    m.text("dependencies").ifPresent(s -> {
      for (String d : s.split(";")) {
        if (!d.isBlank()) {
          deps.add(d.trim());
        }
      }
    });
    DriftPolicy policy = null;
    String p = m.text("driftPolicy").orElse(null);
    if (p != null) {
      try {
        policy = DriftPolicy.parse(p);
      } catch (IllegalArgumentException e) {
        policy = null;
      }
    }
    return new GroupMeta(deployment, service, mode, deps, policy);
  }
}
