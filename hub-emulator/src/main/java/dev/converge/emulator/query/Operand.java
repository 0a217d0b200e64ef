package dev.converge.emulator.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/** A value in a condition: a property path into the twin, or a constant. */
sealed interface Operand permits Path, Literal {

  /** The value in {@code twin}, or {@code null} when it is undefined. The result must not be mutated. */
  @Nullable JsonNode resolve(ObjectNode twin);
}
