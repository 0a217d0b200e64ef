package dev.converge.conformance;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A scenario step whose expectations did not hold, or whose action could not be done. The message names the
 * scenario file, the step and, for each problem, the expectation and the JSON pointer (or device path) with the
 * expected and the actual value. An {@link AssertionError}, so test frameworks report it as a failure.
 */
public final class ScenarioFailure extends AssertionError {

  private static final long serialVersionUID = 1L;

  private final String scenario;
  private final int step;
  private final List<String> problems;

  ScenarioFailure(String scenario, int step, List<String> problems, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.scenario = scenario;
    this.step = step;
    this.problems = List.copyOf(problems);
  }

  /** The scenario file's name. */
  public String scenario() {
    return scenario;
  }

  /** The 1-based number of the failing step. */
  public int step() {
    return step;
  }

  /** One line per problem, e.g. {@code expectReported /files/__meta/deploymentStatus: expected ... but was ...}. */
  public List<String> problems() {
    return problems;
  }
}
