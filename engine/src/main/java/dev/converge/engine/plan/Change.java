package dev.converge.engine.plan;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import java.util.Objects;

/**
 * One node write. {@code predictable} says whether the adapter knows the value the write leaves in place; when it
 * does not, plans show the outcome as {@code unknown} instead of guessing.
 */
public sealed interface Change permits Change.Add, Change.Replace, Change.Delete {

  /** The property (or item) this change serves, as named in reports: {@code timeZone}, {@code motd/content}. */
  String property();

  NodePath node();

  /** The value before the change, as last read; absent for an add. */
  NodeValue before();

  /** The value the change writes; absent for a delete. */
  NodeValue after();

  boolean predictable();

  /** The CSP verb: {@code add}, {@code replace} or {@code delete}. */
  String operation();

  record Add(String property, NodePath node, NodeValue value, boolean predictable) implements Change {
    public Add {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public NodeValue before() {
      return NodeValue.absent();
    }

    @Override
    public NodeValue after() {
      return value;
    }

    @Override
    public String operation() {
      return "add";
    }
  }

  /** @param beforeKnown false when the node could not be read before planning */
  record Replace(String property, NodePath node, NodeValue before, boolean beforeKnown, NodeValue after,
      boolean predictable) implements Change {
    public Replace {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(before, "before");
      Objects.requireNonNull(after, "after");
    }

    @Override
    public String operation() {
      return "replace";
    }
  }

  record Delete(String property, NodePath node, NodeValue before, boolean predictable) implements Change {
    public Delete {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(before, "before");
    }

    @Override
    public NodeValue after() {
      return NodeValue.absent();
    }

    @Override
    public String operation() {
      return "delete";
    }
  }
}
