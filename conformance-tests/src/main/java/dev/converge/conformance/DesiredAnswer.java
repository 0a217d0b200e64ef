package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a device has answered a desired change, read from its reported twin alone, so that it works the same in
 * process and across a real hub: the device has answered desired {@code $version} {@code v} when reported
 * {@code __summary.desiredVersion} is at least {@code v} (it has taken in that version and reported since) and no
 * group is {@code pending} (every group it touched has reached a status: succeeded, failed, blocked, drifted...).
 *
 * <p>A twin write that changes nothing still raises the desired {@code $version} and reaches the device, and the
 * engine reports every new version, so the wait never depends on whether the change did anything.
 */
public final class DesiredAnswer {

  private DesiredAnswer() {}

  /** Empty when {@code reported} answers desired {@code version}; otherwise what is still missing, in words. */
  public static Optional<String> missing(JsonNode reported, long version) {
    JsonNode summary = reported.path("__summary");
    if (!summary.isObject()) {
      return Optional.of("no __summary reported yet");
    }
    List<String> problems = new ArrayList<>();
    JsonNode seen = summary.path("desiredVersion");
    if (!seen.isNumber()) {
      problems.add("__summary.desiredVersion is " + JsonText.of(seen));
    } else if (seen.asLong() < version) {
      problems.add("__summary.desiredVersion is " + seen.asLong());
    }
    List<String> pending = pendingGroups(reported);
    if (!pending.isEmpty()) {
      problems.add("pending: " + String.join(", ", pending));
    } else if (summary.path("pendingCount").asInt(0) > 0) {
      problems.add("__summary.pendingCount is " + summary.path("pendingCount").asInt() + " ("
          + summary.path("pendingGroups").asText("") + ")");
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /** What a wait is for, for messages: {@code reported __summary.desiredVersion >= 7 and no group pending}. */
  public static String condition(long version) {
    return "reported __summary.desiredVersion >= " + version + " and no group pending";
  }

  /**
   * The message of a wait that ran out: what was waited for, how long, and what was still missing in the twin last
   * read (the runner's failure message shows the whole reported document after it).
   */
  public static String timedOut(String device, long version, Duration waited, JsonNode lastReported) {
    return device + " did not answer desired version " + version + " within " + Durations.format(waited)
        + ": waited for " + condition(version) + "; last seen: " + missing(lastReported, version).orElse("answered");
  }

  /** Top-level groups whose {@code __meta.deploymentStatus} is {@code pending}, in twin order. */
  static List<String> pendingGroups(JsonNode reported) {
    List<String> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = reported.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> group = it.next();
      if ("pending".equals(group.getValue().path("__meta").path("deploymentStatus").asText(null))) {
        out.add(group.getKey());
      }
    }
    return out;
  }
}
