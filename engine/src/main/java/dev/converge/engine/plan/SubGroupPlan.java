package dev.converge.engine.plan;

import dev.converge.engine.diff.BoundItem;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.ReportedError;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The writes of one sub-group, in the order they run. A sub-group applies wholly or not at all.
 *
 * @param error why this sub-group cannot be applied (then {@code changes} is empty)
 */
public record SubGroupPlan(BoundItem item, List<Change> changes, @Nullable ReportedError error) {

  public SubGroupPlan {
    Objects.requireNonNull(item, "item");
    changes = List.copyOf(changes);
  }

  public GroupKey key() {
    return item.key();
  }
}
