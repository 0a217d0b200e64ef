package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A direct method's answer: the status (200, 400, 404…) and the JSON payload.
 */
public record MethodResponse(int status, JsonNode payload) {
  public MethodResponse {
    Objects.requireNonNull(payload, "payload");
  }
}
