package dev.converge.engine.diff;

import dev.converge.engine.definition.ItemSpec;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A sub-group bound to nodes: the group's own properties (key without item), or one item of a map-valued group.
 * It is the unit that applies wholly or reports its error.
 *
 * @param node the item's own node, when the capability declares one
 * @param identities identity property values, reported as desired (they address the item)
 * @param presenceSpec the property that switches the item on and off, reported from the node's existence
 * @param error why the item could not be bound (a node template could not be filled); then nothing is applied
 */
public record BoundItem(GroupKey key, @Nullable NodePath node, Presence presence,
    ItemSpec.@Nullable Presence presenceSpec, List<BoundProperty> properties, Map<String, NodeValue> identities,
    @Nullable ReportedError error) {

  /** Whether desired wants the item's node to exist. */
  public enum Presence {
    PRESENT,
    ABSENT,
    /** The capability declares no item node: only properties are compared. */
    UNDECLARED
  }

  public BoundItem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(presence, "presence");
    properties = List.copyOf(properties);
    identities = Collections.unmodifiableMap(new LinkedHashMap<>(identities));
  }

  /**
   * Whether a value written to or read from {@code node} is a secret: the node of a write-only property, or the
   * item's own node when one of its properties is write-only (an add carries all of them). Secrets appear only as
   * digests in journals, reports and plans.
   */
  public boolean isSecret(NodePath node) {
    return properties.stream().anyMatch(p -> p.spec().writeOnly() && (p.node().equals(node) || node.equals(this.node)));
  }

  /** The value as it may be shown or stored: a digest for a secret node, the value itself otherwise. */
  public NodeValue shown(NodePath node, NodeValue value) {
    return value.isPresent() && isSecret(node) ? NodeValue.of(value.digest()) : value;
  }

  public Optional<ItemSpec.Presence> presenceProperty() {
    return Optional.ofNullable(presenceSpec);
  }
}
