package dev.converge.conformance;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a scenario: at most one action, then the expectations checked once the device has handled it.
 *
 * @param number 1-based position in the scenario
 * @param line the step's line in its file, 0 when unknown (JSON)
 * @param label how the step is named in messages besides its number: the validator case name, or a note
 */
public record Step(int number, int line, String label, @Nullable Action action, List<Expectation> expectations) {

  /** Labels (notes) are cut to this length in messages. */
  static final int MAX_LABEL = 60;

  public Step {
    if (number < 1) {
      throw new IllegalArgumentException("steps are numbered from 1, not " + number);
    }
    Objects.requireNonNull(label, "label");
    expectations = List.copyOf(expectations);
  }

  /** {@code step 3 (line 20, advance 5m)}: how failure messages name the step. */
  public String describe() {
    StringBuilder b = new StringBuilder("step ").append(number).append(" (");
    if (line > 0) {
      b.append("line ").append(line).append(", ");
    }
    if (!label.isEmpty()) {
      String first = label.strip().lines().findFirst().orElse("");
      b.append(first.length() <= MAX_LABEL ? first : first.substring(0, MAX_LABEL) + "...").append(", ");
    }
    b.append(action == null ? "checks only" : action.describe()).append(')');
    return b.toString();
  }
}
