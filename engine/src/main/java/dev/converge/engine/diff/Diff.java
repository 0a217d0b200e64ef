package dev.converge.engine.diff;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The diff of a whole group: one {@link ItemDiff} per sub-group, and the actual values of its reported nodes. */
public record Diff(Binding binding, List<ItemDiff> items, dev.converge.engine.actual.ActualState actual) {

  public Diff {
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(actual, "actual");
    items = List.copyOf(items);
  }

  /** True when the device is in the desired state: nothing to write and no item that cannot be addressed. */
  public boolean isEmpty() {
    return items.stream().noneMatch(ItemDiff::hasChanges);
  }

  /** Property diffs that differ from desired (for drift reports). */
  public Stream<PropertyDiff> differing() {
    return items.stream().flatMap(i -> i.properties().stream()).filter(p -> p.kind().isChange());
  }
}
