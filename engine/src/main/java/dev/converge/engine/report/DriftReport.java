package dev.converge.engine.report;

import dev.converge.engine.model.NodeValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One property found differing from desired while its desired value had not changed.
 *
 * @param action {@code remediated}, {@code reported} (policy report: left alone) or {@code remediationFailed}
 */
public record DriftReport(String property, NodeValue desired, NodeValue actual, Instant detected, String action) {

  public DriftReport {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(detected, "detected");
    Objects.requireNonNull(action, "action");
  }

  public DriftReport withAction(String newAction) {
    return new DriftReport(property, desired, actual, detected, newAction);
  }

  public NodeValue.Obj toValue() {
    Map<String, NodeValue> f = new LinkedHashMap<>();
    f.put("desired", desired.isAbsent() ? NodeValue.of("(absent)") : desired);
    f.put("actual", actual.isAbsent() ? NodeValue.of("(absent)") : actual);
    f.put("detected", NodeValue.of(Timestamps.format(detected)));
    f.put("action", NodeValue.of(action));
    return NodeValue.object(f);
  }
}
