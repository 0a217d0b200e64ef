package dev.converge.engine.port;

import dev.converge.engine.model.NodeValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one adapter call. Expected failures are values, not exceptions (STYLE.md §2.4): an adapter catches
 * its own I/O errors and returns {@link Failed} with {@code parameters} saying which node, value and file.
 */
public sealed interface NodeResult permits NodeResult.Ok, NodeResult.Absent, NodeResult.Rejected, NodeResult.Failed {

  /** The call succeeded; for reads, {@code value} is the node's value. Writes return the value now in place. */
  record Ok(NodeValue value) implements NodeResult {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The node does not exist (reads), or did not exist to delete. */
  record Absent() implements NodeResult {}

  /** The adapter refuses the request: the value or path is invalid here. Retrying the same request cannot help. */
  record Rejected(String message, Map<String, String> parameters) implements NodeResult {
    public Rejected {
      Objects.requireNonNull(message, "message");
      parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
  }

  /** The adapter tried and failed (I/O error, command exit status). A later attempt may succeed. */
  record Failed(String message, Map<String, String> parameters) implements NodeResult {
    public Failed {
      Objects.requireNonNull(message, "message");
      parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
  }

  static NodeResult ok(NodeValue value) {
    return new Ok(value);
  }

  static NodeResult absent() {
    return new Absent();
  }

  static NodeResult rejected(String message, Map<String, String> parameters) {
    return new Rejected(message, parameters);
  }

  static NodeResult failed(String message, Map<String, String> parameters) {
    return new Failed(message, parameters);
  }

  default boolean isSuccess() {
    return this instanceof Ok || this instanceof Absent;
  }

  /** The node's value after a successful call: its value, or absent. Failed results have no value. */
  default NodeValue valueOrAbsent() {
    return this instanceof Ok ok ? ok.value() : NodeValue.absent();
  }
}
