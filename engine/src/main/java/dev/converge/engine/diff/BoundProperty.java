package dev.converge.engine.diff;

import dev.converge.engine.definition.PropertySpec;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import java.util.Objects;

/**
 * A property bound to its node.
 *
 * @param property its name in reports and plans: {@code timeZone}, or {@code motd/content} inside an item
 * @param desired the desired value; absent when desired does not mention it (then it is read and reported but not
 *     managed)
 */
public record BoundProperty(String property, String name, NodePath node, NodeValue desired, PropertySpec spec) {
  public BoundProperty {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(spec, "spec");
  }

  /** The value as it may be shown or stored: a digest when the property is a secret (write-only). */
  public NodeValue shown(NodeValue value) {
    return spec.writeOnly() && value.isPresent() ? NodeValue.of(value.digest()) : value;
  }

  public boolean isManaged() {
    return desired.isPresent();
  }
}
