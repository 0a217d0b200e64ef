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

  /** The value is a secret (a write-only property): shown and logged only as a digest. */
  boolean secret();

  /** The CSP verb: {@code add}, {@code replace} or {@code delete}. */
  String operation();

  /** How a value may appear in text: a digest for a secret. */
  static String shown(NodeValue value, boolean secret) {
    return secret && value.isPresent() ? value.digest() : value.display();
  }

  record Add(String property, NodePath node, NodeValue value, boolean predictable, boolean secret)
      implements Change {
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
    public String toString() {
      return "add " + node + " = " + Change.shown(value, secret);
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
      boolean predictable, boolean secret) implements Change {
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

    @Override
    public String toString() {
      return "replace " + node + " " + (beforeKnown ? Change.shown(before, secret) : "unknown") + " -> "
          + Change.shown(after, secret);
    }
  }

  record Delete(String property, NodePath node, NodeValue before, boolean predictable, boolean secret)
      implements Change {
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

    @Override
    public String toString() {
      return "delete " + node + " (was " + Change.shown(before, secret) + ")";
    }
  }
}
