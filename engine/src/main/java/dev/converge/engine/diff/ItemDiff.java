package dev.converge.engine.diff;

import java.util.List;
import java.util.Objects;

/**
 * The diff of one sub-group: the verdict for its own node (when it has one) and for each property node.
 *
 * @param nodeKind ADD when the item must be created, DELETE when it must be removed, UNKNOWN when its node could
 *     not be read, UNCHANGED otherwise (also when it has no node)
 */
public record ItemDiff(BoundItem item, PropertyDiff.Kind nodeKind, List<PropertyDiff> properties) {

  public ItemDiff {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(nodeKind, "nodeKind");
    properties = List.copyOf(properties);
  }

  public boolean hasChanges() {
    return item.error() != null || nodeKind.isChange() || properties.stream().anyMatch(p -> p.kind().isChange());
  }
}
