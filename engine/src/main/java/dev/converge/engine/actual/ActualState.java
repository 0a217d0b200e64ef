package dev.converge.engine.actual;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.NodeResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a set of nodes held when read: each node's {@link NodeResult}. Immutable.
 *
 * @param freshUntilNanos until when (on the engine clock's nanosecond line) every one of these reads stays cached
 */
public record ActualState(Map<NodePath, NodeResult> nodes, long freshUntilNanos) {

  public ActualState {
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
  }

  /** The node's value; absent when the node is missing or was not read. */
  public NodeValue value(NodePath path) {
    NodeResult r = nodes.get(path);
    return r == null ? NodeValue.absent() : r.valueOrAbsent();
  }

  /** True when the node could not be read, so its value is unknown (not the same as absent). */
  public boolean isUnknown(NodePath path) {
    NodeResult r = nodes.get(path);
    return r == null || !r.isSuccess();
  }

  public NodeResult result(NodePath path) {
    NodeResult r = nodes.get(path);
    return r == null ? NodeResult.failed("node was not read", Map.of("node", path.value())) : r;
  }
}
