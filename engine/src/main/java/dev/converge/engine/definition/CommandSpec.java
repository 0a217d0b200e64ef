package dev.converge.engine.definition;

import dev.converge.engine.model.NodeValue;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A direct method a capability answers.
 *
 * @param payloadSchema the JSON Schema the payload must satisfy, or {@code null} for any payload
 * @param readOnly the command only reads the device, so it is not journaled or audited (changes are)
 */
public record CommandSpec(String name, NodeTemplate node, String description, @Nullable String payloadSchemaName,
    NodeValue.@Nullable Obj payloadSchema, Duration timeout, boolean readOnly) {

  public CommandSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(timeout, "timeout");
  }
}
