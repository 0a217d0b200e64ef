package dev.converge.engine.definition;

import dev.converge.engine.model.NodeValue;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A direct method a capability answers.
 *
 * @param payloadSchema the JSON Schema the payload must satisfy, or {@code null} for any payload
 */
public record CommandSpec(String name, NodeTemplate node, String description, @Nullable String payloadSchemaName,
    NodeValue.@Nullable Obj payloadSchema, Duration timeout) {

  public CommandSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(timeout, "timeout");
  }
}
