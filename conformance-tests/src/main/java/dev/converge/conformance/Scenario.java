package dev.converge.conformance;

import java.util.List;
import java.util.Objects;

/**
 * A scenario: steps run in order against one fresh {@link Target}.
 *
 * @param name the scenario file, relative to its scenario folder (e.g. {@code scenarios/files/apply.yaml}); every
 *     failure message starts with it
 * @param description what the scenario shows, in words (may be empty)
 */
public record Scenario(String name, String description, List<Step> steps) {
  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(name + ": a scenario needs at least one step");
    }
  }
}
