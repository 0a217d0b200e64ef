package dev.converge.engine.definition;

import dev.converge.engine.model.Comparison;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One desired property of a group or item and the node it maps to.
 *
 * @param node the node template; {@code null} only for an identity property
 * @param identity the property addresses its item (used in node templates) and has no node of its own
 * @param writeOnly a secret: compared by digest, never reported or journaled in clear
 */
public record PropertySpec(String name, @Nullable NodeTemplate node, boolean identity, Comparison compare,
    boolean writeOnly) {

  public PropertySpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(compare, "compare");
    if ((node == null) != identity) {
      throw new IllegalArgumentException("property " + name + " needs exactly one of node or identity");
    }
  }

  public static PropertySpec node(String name, String template) {
    return new PropertySpec(name, new NodeTemplate(template), false, Comparison.EQUALS, false);
  }
}
