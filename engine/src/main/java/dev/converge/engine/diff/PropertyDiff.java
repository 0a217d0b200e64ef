package dev.converge.engine.diff;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import java.util.Objects;

/** How one node's actual value stands against desired. */
public record PropertyDiff(BoundProperty bound, NodeValue actual, Kind kind) {

  /** The verdict for one node. */
  public enum Kind {
    /** The node is missing and desired has a value. */
    ADD,
    /** The node holds another value. */
    REPLACE,
    /** Desired says the node must not exist, and it does. */
    DELETE,
    /** Actual satisfies desired, or desired does not manage the node. */
    UNCHANGED,
    /** The node could not be read, so whether it matches is unknown. */
    UNKNOWN;

    public boolean isChange() {
      return this != UNCHANGED;
    }
  }

  public PropertyDiff {
    Objects.requireNonNull(bound, "bound");
    Objects.requireNonNull(actual, "actual");
    Objects.requireNonNull(kind, "kind");
  }

  public String property() {
    return bound.property();
  }

  public NodePath node() {
    return bound.node();
  }

  public NodeValue desired() {
    return bound.desired();
  }
}
