package dev.converge.engine.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The address of a configuration node, in the CSP style of the original agent: {@code ./Device/Time/TimeZone}.
 *
 * <p>A path starts with {@code ./} and has one or more non-empty segments separated by {@code /}. Paths sort by
 * segment, so plans and reports list nodes in a stable order.
 */
public record NodePath(String value) implements Comparable<NodePath> {

  public NodePath {
    Objects.requireNonNull(value, "value");
    if (!value.startsWith("./") || value.length() == 2) {
      throw new IllegalArgumentException("node path must start with './' and name a node: '" + value + "'");
    }
    if (value.endsWith("/") || value.contains("//")) {
      throw new IllegalArgumentException("node path has an empty segment: '" + value + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException("node path contains a control character: '" + value + "'");
      }
    }
  }

  public static NodePath of(String value) {
    return new NodePath(value);
  }

  /** Segments after the leading {@code ./}. */
  public List<String> segments() {
    return Arrays.asList(value.substring(2).split("/"));
  }

  public NodePath child(String segment) {
    return new NodePath(value + "/" + segment);
  }

  /** True when {@code other} is this path or lies below it. */
  public boolean contains(NodePath other) {
    return other.value.equals(value) || other.value.startsWith(value + "/");
  }

  @Override
  public int compareTo(NodePath other) {
    List<String> a = segments();
    List<String> b = other.segments();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public String toString() {
    return value;
  }
}
