package dev.converge.conformance;

import java.util.Objects;

/**
 * A scenario the target cannot run: a step needs a {@link Target.Feature} the target lacks (a device behind a real
 * hub has no clock to move, no file tree and no journal the runner can reach), or the target refused an action with
 * {@link UnsupportedOperationException}. Neither passed nor failed: the message names the scenario, the step, what
 * the step needs and the target's reason.
 */
public final class ScenarioSkipped extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String scenario;
  private final int step;
  private final String reason;

  ScenarioSkipped(String scenario, int step, String reason, String message) {
    super(message);
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.step = step;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The scenario file's name. */
  public String scenario() {
    return scenario;
  }

  /** The 1-based number of the first step the target cannot run. */
  public int step() {
    return step;
  }

  /** Why, without the scenario's name: {@code step 2 (line 12, device) changes the device's files: ...}. */
  public String reason() {
    return reason;
  }
}
