package dev.converge.engine.port;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device side of the engine: a tree of configuration nodes with the operations of an OMA-DM CSP (get, replace,
 * add, delete, exec), as in the original agent's MDM proxy and OSConfig's MMI.
 *
 * <p>Contract, which every implementation keeps:
 *
 * <ul>
 *   <li>{@code get} never returns {@code null}: a missing node is {@link NodeResult.Absent}.
 *   <li>Writes are idempotent: {@code replace} with the current value is a quiet no-op; {@code delete} of a
 *       missing node returns {@link NodeResult.Absent}.
 *   <li>Calls never throw for expected failures; they return {@link NodeResult.Failed} or
 *       {@link NodeResult.Rejected} with parameters naming the node, value and file.
 *   <li>The engine never calls one adapter concurrently for the same node.
 *   <li>The adapter touches nothing outside the root folder of its {@link AdapterContext}.
 * </ul>
 */
public interface NodeAdapter extends AutoCloseable {

  AdapterInfo describe();

  NodeResult get(NodePath path);

  /** Reads several nodes; adapters override this when one read serves many nodes. */
  default Map<NodePath, NodeResult> getAll(Collection<NodePath> paths) {
    Map<NodePath, NodeResult> out = new LinkedHashMap<>();
    for (NodePath p : paths) {
      out.put(p, get(p));
    }
    return out;
  }

  /** Sets an existing node (or creates it, when the adapter has no separate add). */
  NodeResult replace(NodePath path, NodeValue value);

  /** Creates a node; an object value may carry the new node's children. */
  NodeResult add(NodePath path, NodeValue value);

  NodeResult delete(NodePath path);

  /** Runs the node's action (a command); the payload was validated against the command's schema. */
  NodeResult exec(NodePath path, NodeValue payload);

  /** Whether {@code converge plan} can predict the value that a write to this node leaves in place. */
  default boolean predictsOutcome(NodePath path) {
    return describe().predictsOutcome();
  }

  @Override
  default void close() {}
}
