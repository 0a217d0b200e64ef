package dev.converge.agent.operator;

import com.microsoft.azure.sdk.iot.service.configurations.Configuration;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationMetrics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one ADM configuration's rollout stands: how many twins it targets, to how many it was applied, and its
 * custom metric counts. Complete when every targeted twin has it applied.
 */
public record RolloutStatus(
    String id, int priority, String targetCondition, long targeted, long applied, Map<String, Long> metrics) {

  public RolloutStatus {
    metrics = Map.copyOf(metrics);
  }

  public static RolloutStatus of(Configuration configuration) {
    Map<String, Long> system = results(configuration.getSystemMetrics());
    return new RolloutStatus(
        configuration.getId(),
        configuration.getPriority() == null ? 0 : configuration.getPriority(),
        configuration.getTargetCondition() == null ? "" : configuration.getTargetCondition(),
        system.getOrDefault("targetedCount", 0L),
        system.getOrDefault("appliedCount", 0L),
        results(configuration.getMetrics()));
  }

  public boolean isComplete() {
    return applied >= targeted;
  }

  /** A fixed-width table, one configuration per line, custom metrics as {@code name=count}. */
  public static String table(List<RolloutStatus> rows) {
    StringBuilder out = new StringBuilder(String.format("%-32s %8s %9s %8s  %s%n",
        "CONFIGURATION", "PRIORITY", "TARGETED", "APPLIED", "METRICS"));
    for (RolloutStatus row : rows) {
      StringBuilder metrics = new StringBuilder();
      new TreeMap<>(row.metrics()).forEach((k, v) -> metrics.append(metrics.length() == 0 ? "" : " ")
          .append(k).append('=').append(v));
      out.append(String.format("%-32s %8d %9d %8d  %s%n",
          row.id(), row.priority(), row.targeted(), row.applied(), metrics));
    }
    return out.toString();
  }

  private static Map<String, Long> results(ConfigurationMetrics metrics) {
    if (metrics == null || metrics.getResults() == null) {
      return Map.of();
    }
    return metrics.getResults();
  }
}
