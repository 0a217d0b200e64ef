package dev.converge.engine.port;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A working in-memory node tree with CSP semantics, for engine tests: nodes hold values; an item node exists when
 * it was added; adding an item with an object value creates one child node per field (named as the field); deleting
 * a node removes its subtree. Faults can be injected per node, and every call is recorded. Thread-safe.
 */
public final class FakeNodeAdapter implements NodeAdapter {

  /** One recorded call. */
  public record Call(String operation, NodePath node, NodeValue value) {}

  private final String id;
  private final Map<NodePath, NodeValue> values = new TreeMap<>();
  private final Set<NodePath> items = new HashSet<>();
  private final Map<NodePath, String> failWrites = new HashMap<>();
  private final Map<NodePath, String> rejectWrites = new HashMap<>();
  private final Map<NodePath, String> failReads = new HashMap<>();
  private final Map<NodePath, NodeValue> coerce = new HashMap<>();
  private final Map<NodePath, NodeResult> execResults = new HashMap<>();
  private final Map<NodePath, RuntimeException> execThrows = new HashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private boolean predicts = true;

  public FakeNodeAdapter(String id) {
    this.id = id;
  }

  @Override
  public AdapterInfo describe() {
    return new AdapterInfo(id, "in-memory test adapter", "1.0.0", predicts);
  }

  @Override
  public synchronized NodeResult get(NodePath path) {
    calls.add(new Call("get", path, NodeValue.absent()));
    if (failReads.containsKey(path)) {
      return NodeResult.failed(failReads.get(path), Map.of("node", path.value()));
    }
    return peek(path);
  }

  @Override
  public synchronized NodeResult replace(NodePath path, NodeValue value) {
    return write("replace", path, value);
  }

  @Override
  public synchronized NodeResult add(NodePath path, NodeValue value) {
    return write("add", path, value);
  }

  @Override
  public synchronized NodeResult delete(NodePath path) {
    calls.add(new Call("delete", path, NodeValue.absent()));
    NodeResult fault = fault(path);
    if (fault != null) {
      return fault;
    }
    boolean existed = peek(path) instanceof NodeResult.Ok;
    values.keySet().removeIf(path::contains);
    items.removeIf(path::contains);
    return existed ? NodeResult.ok(NodeValue.absent()) : NodeResult.absent();
  }

  @Override
  public synchronized NodeResult exec(NodePath path, NodeValue payload) {
    calls.add(new Call("exec", path, payload));
    if (execThrows.containsKey(path)) {
      throw execThrows.get(path);
    }
    NodeResult fault = fault(path);
    if (fault != null) {
      return fault;
    }
    return execResults.getOrDefault(path, NodeResult.ok(NodeValue.object("executed", NodeValue.of(path.value()))));
  }

  private NodeResult write(String op, NodePath path, NodeValue value) {
    calls.add(new Call(op, path, value));
    NodeResult fault = fault(path);
    if (fault != null) {
      return fault;
    }
    if (value instanceof NodeValue.Obj obj && !values.containsKey(path)) {
      // An item: its fields become child nodes.
      items.add(path);
      obj.fields().forEach((k, v) -> values.put(path.child(k), v));
      return peek(path);
    }
    NodeValue stored = coerce.getOrDefault(path, value);
    values.put(path, stored);
    return NodeResult.ok(stored);
  }

  private NodeResult fault(NodePath path) {
    if (failWrites.containsKey(path)) {
      return NodeResult.failed(failWrites.get(path), Map.of("node", path.value()));
    }
    if (rejectWrites.containsKey(path)) {
      return NodeResult.rejected(rejectWrites.get(path), Map.of("node", path.value()));
    }
    return null;
  }

  /** The node's value without recording a call. */
  public synchronized NodeResult peek(NodePath path) {
    NodeValue v = values.get(path);
    if (v != null) {
      return NodeResult.ok(v);
    }
    if (items.contains(path)) {
      Map<String, NodeValue> children = new LinkedHashMap<>();
      values.forEach((p, val) -> {
        if (p.value().startsWith(path.value() + "/") && p.segments().size() == path.segments().size() + 1) {
          children.put(p.segments().get(p.segments().size() - 1), val);
        }
      });
      return NodeResult.ok(NodeValue.object(children));
    }
    return NodeResult.absent();
  }

  /** Sets a node behind the engine's back (drift, or initial device state). */
  public synchronized FakeNodeAdapter set(String path, NodeValue value) {
    NodePath p = NodePath.of(path);
    if (value.isAbsent()) {
      values.keySet().removeIf(p::contains);
      items.removeIf(p::contains);
    } else {
      values.put(p, value);
    }
    return this;
  }

  /** Marks a node as an existing item (without children). */
  public synchronized FakeNodeAdapter item(String path) {
    items.add(NodePath.of(path));
    return this;
  }

  public synchronized FakeNodeAdapter failWrites(String path, String message) {
    failWrites.put(NodePath.of(path), message);
    return this;
  }

  public synchronized FakeNodeAdapter rejectWrites(String path, String message) {
    rejectWrites.put(NodePath.of(path), message);
    return this;
  }

  public synchronized FakeNodeAdapter failReads(String path, String message) {
    failReads.put(NodePath.of(path), message);
    return this;
  }

  /** Makes writes to a node store another value than written (an adapter that normalises). */
  public synchronized FakeNodeAdapter coerce(String path, NodeValue stored) {
    coerce.put(NodePath.of(path), stored);
    return this;
  }

  /** Makes {@code exec} of a node answer {@code result} (by default it answers {@code {"executed": node}}). */
  public synchronized FakeNodeAdapter execAnswers(String path, NodeResult result) {
    execResults.put(NodePath.of(path), result);
    return this;
  }

  /** Makes {@code exec} of a node throw, as a buggy adapter would. */
  public synchronized FakeNodeAdapter execThrows(String path, RuntimeException exception) {
    execThrows.put(NodePath.of(path), exception);
    return this;
  }

  public synchronized FakeNodeAdapter heal() {
    failWrites.clear();
    rejectWrites.clear();
    failReads.clear();
    coerce.clear();
    execResults.clear();
    execThrows.clear();
    return this;
  }

  public synchronized FakeNodeAdapter unpredictable() {
    predicts = false;
    return this;
  }

  public synchronized NodeValue value(String path) {
    return peek(NodePath.of(path)).valueOrAbsent();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Recorded writes (add, replace, delete, exec), without reads. */
  public synchronized List<Call> writes() {
    return calls.stream().filter(c -> !c.operation().equals("get")).toList();
  }

  public synchronized void clearCalls() {
    calls.clear();
  }
}
