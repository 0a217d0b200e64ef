package dev.converge.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IoT Hub's twin patch semantics (RFC 7386 JSON merge patch): a patch carries only changed leaves, objects merge
 * recursively, any other value replaces, and {@link NodeValue.Absent} (JSON {@code null}) deletes.
 */
public final class MergePatch {

  private MergePatch() {}

  /** The document after applying {@code patch}. The result never contains {@link NodeValue.Absent}. */
  public static NodeValue.Obj apply(NodeValue.Obj target, NodeValue.Obj patch) {
    if (patch.isEmpty()) {
      return target;
    }
    LinkedHashMap<String, NodeValue> out = new LinkedHashMap<>(target.fields());
    for (Map.Entry<String, NodeValue> e : patch.fields().entrySet()) {
      NodeValue p = e.getValue();
      if (p.isAbsent()) {
        out.remove(e.getKey());
      } else if (p instanceof NodeValue.Obj po) {
        NodeValue current = out.get(e.getKey());
        NodeValue.Obj base = current instanceof NodeValue.Obj co ? co : NodeValue.Obj.empty();
        out.put(e.getKey(), apply(base, po));
      } else {
        out.put(e.getKey(), p);
      }
    }
    return NodeValue.object(out);
  }

  /**
   * One patch with the effect of {@code first} then {@code second}: {@code apply(apply(d, a), b)} equals
   * {@code apply(d, compose(a, b))} for every document {@code d}.
   *
   * <p>Empty when no single merge patch has that effect: when {@code second} writes an object under a key that
   * {@code first} deleted or set to a non-object. Applied in sequence that object replaces whatever the document
   * held; one merge patch can only merge into it. (This is why reported patches are batched by diffing documents,
   * never by composing patches.)
   */
  public static java.util.Optional<NodeValue.Obj> compose(NodeValue.Obj first, NodeValue.Obj second) {
    LinkedHashMap<String, NodeValue> out = new LinkedHashMap<>(first.fields());
    for (Map.Entry<String, NodeValue> e : second.fields().entrySet()) {
      NodeValue b = e.getValue();
      NodeValue a = out.get(e.getKey());
      if (b instanceof NodeValue.Obj bo && a != null) {
        if (!(a instanceof NodeValue.Obj ao)) {
          return java.util.Optional.empty();
        }
        java.util.Optional<NodeValue.Obj> sub = compose(ao, bo);
        if (sub.isEmpty()) {
          return sub;
        }
        out.put(e.getKey(), sub.get());
      } else {
        out.put(e.getKey(), b);
      }
    }
    return java.util.Optional.of(NodeValue.object(out));
  }

  /**
   * The patch that turns {@code from} into {@code to}: changed leaves, and {@link NodeValue.Absent} for every key
   * {@code to} no longer has. Empty when the documents are equal.
   */
  public static NodeValue.Obj diff(NodeValue.Obj from, NodeValue.Obj to) {
    LinkedHashMap<String, NodeValue> out = new LinkedHashMap<>();
    if (from == to) {
      return NodeValue.Obj.empty();
    }
    for (Map.Entry<String, NodeValue> e : to.fields().entrySet()) {
      NodeValue old = from.fields().get(e.getKey());
      NodeValue now = e.getValue();
      if (old == now) {
        continue;
      }
      if (old instanceof NodeValue.Obj oo && now instanceof NodeValue.Obj no) {
        NodeValue.Obj sub = diff(oo, no);
        if (!sub.isEmpty()) {
          out.put(e.getKey(), sub);
        }
      } else if (!now.equals(old)) {
        out.put(e.getKey(), now);
      }
    }
    for (String k : from.fields().keySet()) {
      if (!to.has(k)) {
        out.put(k, NodeValue.absent());
      }
    }
    return NodeValue.object(out);
  }
}
