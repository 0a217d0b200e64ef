package dev.converge.engine.diff;

import dev.converge.engine.model.NodePath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A desired group bound to the nodes it reads and writes.
 *
 * @param reported read-only values reported with the group, name to node
 */
public record Binding(String group, List<BoundItem> items, Map<String, NodePath> reported) {

  public Binding {
    Objects.requireNonNull(group, "group");
    items = List.copyOf(items);
    reported = Collections.unmodifiableMap(new LinkedHashMap<>(reported));
  }

  /** Every node to read for this group, each once, in a stable order. */
  public List<NodePath> nodes() {
    Set<NodePath> out = new LinkedHashSet<>();
    for (BoundItem i : items) {
      if (i.node() != null) {
        out.add(i.node());
      }
      i.properties().forEach(p -> out.add(p.node()));
    }
    out.addAll(reported.values());
    return new ArrayList<>(out);
  }
}
