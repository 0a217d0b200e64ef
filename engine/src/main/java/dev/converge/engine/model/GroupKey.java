package dev.converge.engine.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the reconcile loop works on: a configuration group (a top-level twin key), or one item of a map-valued
 * group (a sub-group). Like controller-runtime's {@code Request}, it carries no event information.
 */
public record GroupKey(String group, @Nullable String item) implements Comparable<GroupKey> {

  public GroupKey {
    Objects.requireNonNull(group, "group");
    if (group.isEmpty()) {
      throw new IllegalArgumentException("group must not be empty");
    }
    if (item != null && item.isEmpty()) {
      throw new IllegalArgumentException("item must be null or non-empty");
    }
  }

  public static GroupKey of(String group) {
    return new GroupKey(group, null);
  }

  public static GroupKey item(String group, String item) {
    return new GroupKey(group, Objects.requireNonNull(item, "item"));
  }

  @Override
  public int compareTo(GroupKey o) {
    int c = group.compareTo(o.group);
    if (c != 0) {
      return c;
    }
    if (item == null) {
      return o.item == null ? 0 : -1;
    }
    return o.item == null ? 1 : item.compareTo(o.item);
  }

  @Override
  public String toString() {
    return item == null ? group : group + "/" + item;
  }
}
