package dev.converge.engine.plan;

import java.util.List;

/**
 * The plan for a desired document: one {@link GroupPlan} per group, in the order they would apply (dependencies
 * first). {@code converge plan} prints it; {@code apply} executes the same steps.
 */
public record Plan(List<GroupPlan> groups, long desiredVersion) {

  public Plan {
    groups = List.copyOf(groups);
  }

  public List<Change> changes() {
    return groups.stream().flatMap(g -> g.changes().stream()).toList();
  }

  /** True when applying would write nothing. */
  public boolean isEmpty() {
    return groups.stream().allMatch(g -> g.changes().isEmpty());
  }
}
