package dev.converge.engine.diff;

import dev.converge.engine.actual.ActualState;
import dev.converge.engine.model.NodeValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a binding with actual state, node by node (DSC's synthetic test: each property desired mentions is
 * compared with its declared comparison; properties desired leaves out are not managed). Stateless.
 */
public final class Differ {

  private Differ() {}

  public static Diff diff(Binding binding, ActualState actual) {
    List<ItemDiff> items = new ArrayList<>(binding.items().size());
    for (BoundItem item : binding.items()) {
      items.add(diffItem(item, actual));
    }
    return new Diff(binding, items, actual);
  }

  private static ItemDiff diffItem(BoundItem item, ActualState actual) {
    if (item.error() != null) {
      return new ItemDiff(item, PropertyDiff.Kind.UNCHANGED, List.of());
    }
    PropertyDiff.Kind nodeKind = PropertyDiff.Kind.UNCHANGED;
    boolean exists = true;
    if (item.node() != null) {
      boolean unknown = actual.isUnknown(item.node());
      exists = !unknown && actual.value(item.node()).isPresent();
      if (item.presence() == BoundItem.Presence.ABSENT) {
        nodeKind = unknown ? PropertyDiff.Kind.UNKNOWN : exists ? PropertyDiff.Kind.DELETE : PropertyDiff.Kind.UNCHANGED;
      } else if (unknown) {
        nodeKind = PropertyDiff.Kind.UNKNOWN;
      } else if (!exists) {
        nodeKind = PropertyDiff.Kind.ADD;
      }
    }
    List<PropertyDiff> props = new ArrayList<>(item.properties().size());
    for (BoundProperty p : item.properties()) {
      NodeValue value = actual.value(p.node());
      PropertyDiff.Kind kind;
      if (!p.isManaged() || item.presence() == BoundItem.Presence.ABSENT) {
        kind = PropertyDiff.Kind.UNCHANGED;
      } else if (!exists) {
        kind = PropertyDiff.Kind.ADD;
      } else if (actual.isUnknown(p.node())) {
        kind = PropertyDiff.Kind.UNKNOWN;
      } else if (value.isAbsent()) {
        kind = PropertyDiff.Kind.ADD;
      } else if (p.spec().compare().matches(p.desired(), value)) {
        kind = PropertyDiff.Kind.UNCHANGED;
      } else {
        kind = PropertyDiff.Kind.REPLACE;
      }
      props.add(new PropertyDiff(p, value, kind));
    }
    return new ItemDiff(item, nodeKind, props);
  }
}
