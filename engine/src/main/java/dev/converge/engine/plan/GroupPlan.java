package dev.converge.engine.plan;

import dev.converge.engine.model.ReportedError;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What would happen to one group.
 *
 * @param subGroups the writes, per sub-group (empty unless {@code status} is {@link Status#CHANGES})
 * @param errors why the group will not be applied (invalid, unsupported, blocked) or why some sub-groups fail
 * @param blockedBy the dependency that blocks it, for {@link Status#BLOCKED}
 */
public record GroupPlan(String group, Status status, List<SubGroupPlan> subGroups, List<ReportedError> errors,
    @Nullable String blockedBy) {

  /** The verdict for a group. */
  public enum Status {
    /** Writes are needed. */
    CHANGES,
    /** Nothing to write: the device is in the desired state. */
    IN_DESIRED_STATE,
    /** Desired state breaks the capability's schema: nothing is applied. */
    INVALID,
    /** No capability on this device owns the group. */
    UNSUPPORTED,
    /** A dependency is unavailable or failing. */
    BLOCKED,
    /** The group was removed from desired: left as it is. */
    UNMANAGED
  }

  public GroupPlan {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(status, "status");
    subGroups = List.copyOf(subGroups);
    errors = List.copyOf(errors);
  }

  public static GroupPlan rejected(String group, Status status, List<ReportedError> errors, @Nullable String blockedBy) {
    return new GroupPlan(group, status, List.of(), errors, blockedBy);
  }

  /** Every write of the group, in order. */
  public List<Change> changes() {
    return subGroups.stream().flatMap(s -> s.changes().stream()).toList();
  }

  public boolean isEmpty() {
    return subGroups.stream().allMatch(s -> s.changes().isEmpty() && s.error() == null);
  }
}
