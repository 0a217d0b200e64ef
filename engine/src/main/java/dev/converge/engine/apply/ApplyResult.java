package dev.converge.engine.apply;

import java.util.List;
import java.util.Objects;

/** What applying one group's plan did, per sub-group. */
public record ApplyResult(String group, List<SubGroupResult> subGroups) {

  public ApplyResult {
    Objects.requireNonNull(group, "group");
    subGroups = List.copyOf(subGroups);
  }

  public boolean isSuccess() {
    return subGroups.stream().allMatch(SubGroupResult::isSuccess);
  }

  public List<SubGroupResult.Keyed> errors() {
    return subGroups.stream().flatMap(s -> s.errors().stream()).toList();
  }

  public long writes() {
    return subGroups.stream().flatMap(s -> s.changes().stream())
        .filter(c -> c.kind() != ChangeResult.Kind.UNCHANGED && c.kind() != ChangeResult.Kind.SKIPPED).count();
  }
}
