package dev.converge.engine.diff;

import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.ItemSpec;
import dev.converge.engine.definition.NodeTemplate;
import dev.converge.engine.definition.PropertySpec;
import dev.converge.engine.desired.DesiredState;
import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Binds a validated desired group to the nodes of its capability definition. Stateless. */
public final class Binder {

  private Binder() {}

  public static Binding bind(CapabilityDefinition capability, DesiredState desired) {
    String group = desired.group();
    List<BoundItem> items = new ArrayList<>();
    if (!capability.properties().isEmpty() || !capability.isMapValued()) {
      List<BoundProperty> props = new ArrayList<>();
      for (PropertySpec p : capability.properties()) {
        NodePath node = p.node().resolve(Map.of());
        props.add(new BoundProperty(p.name(), p.name(), node, desired.properties().get(p.name()), p));
      }
      items.add(new BoundItem(GroupKey.of(group), null, BoundItem.Presence.UNDECLARED, null, props, Map.of(), null));
    }
    ItemSpec spec = capability.items();
    if (spec != null) {
      // Sorted by key, so plans and reports do not depend on the order IoT Hub happened to send.
      TreeMap<String, NodeValue> byKey = new TreeMap<>(desired.properties().fields());
      capability.properties().forEach(p -> byKey.remove(p.name()));
      byKey.forEach((key, value) -> items.add(bindItem(group, key, value, spec)));
    }
    Map<String, NodePath> reported = new LinkedHashMap<>();
    capability.reported().forEach((name, t) -> reported.put(name, t.resolve(Map.of())));
    return new Binding(group, items, reported);
  }

  private static BoundItem bindItem(String group, String key, NodeValue value, ItemSpec spec) {
    GroupKey gk = GroupKey.item(group, key);
    NodeValue.Obj item = value instanceof NodeValue.Obj o ? o : NodeValue.Obj.empty();
    Map<String, String> placeholders = new HashMap<>();
    placeholders.put(spec.placeholder(), key);
    Map<String, NodeValue> identities = new LinkedHashMap<>();
    for (PropertySpec p : spec.properties()) {
      if (p.identity()) {
        NodeValue v = item.get(p.name());
        identities.put(p.name(), v);
        if (v instanceof NodeValue.Text t) {
          placeholders.put(p.name(), t.value());
        } else if (v instanceof NodeValue.Num || v instanceof NodeValue.Bool) {
          placeholders.put(p.name(), v.display());
        }
      }
    }
    try {
      NodePath node = spec.node() == null ? null : resolve(spec.node(), placeholders);
      BoundItem.Presence presence = BoundItem.Presence.UNDECLARED;
      if (node != null) {
        presence = BoundItem.Presence.PRESENT;
        ItemSpec.Presence ps = spec.presence();
        if (ps != null && item.get(ps.property()).equals(NodeValue.of(ps.absent()))) {
          presence = BoundItem.Presence.ABSENT;
        }
      }
      List<BoundProperty> props = new ArrayList<>();
      for (PropertySpec p : spec.properties()) {
        if (!p.identity()) {
          props.add(new BoundProperty(key + "/" + p.name(), p.name(), resolve(p.node(), placeholders),
              item.get(p.name()), p));
        }
      }
      return new BoundItem(gk, node, presence, spec.presence(), props, identities, null);
    } catch (IllegalArgumentException e) {
      ReportedError error = ReportedError.of(ErrorCode.NODE_ADDRESS, key,
          "cannot address item '" + key + "': " + e.getMessage(), Map.of("item", key));
      return new BoundItem(gk, null, BoundItem.Presence.UNDECLARED, null, List.of(), identities, error);
    }
  }

  private static NodePath resolve(@Nullable NodeTemplate template, Map<String, String> values) {
    if (template == null) {
      throw new IllegalArgumentException("property has no node");
    }
    return template.resolve(values);
  }
}
