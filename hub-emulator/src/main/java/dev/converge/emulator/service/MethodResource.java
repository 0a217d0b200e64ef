package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.DirectMethods;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.hub.MethodResult;
import dev.converge.emulator.identity.IdentityId;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Direct methods: {@code POST /twins/{id}/methods} and {@code /twins/{id}/modules/{moduleId}/methods} with {@code
 * {"methodName", "payload", "responseTimeoutInSeconds", "connectTimeoutInSeconds"}}, answered {@code {"status",
 * "payload"}} with HTTP 200 whatever status the device chose.
 *
 * <p>The hub's {@link DirectMethods} enforces IoT Hub's limits and timeouts; its failures keep their HTTP status and
 * code: 404103 when the device is not online (connect timeout 0 by default, so an offline device fails at once),
 * 504101 when it does not answer in time, 400004 for a bad name, timeout or payload. An unregistered identity is 404001
 * or 404010. The request thread waits for the answer; the front door's threads are meant for that.
 */
final class MethodResource {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Hub hub;

  MethodResource(Hub hub) {
    this.hub = hub;
  }

  ApiResponse invoke(IdentityId id, ApiRequest request) {
    ObjectNode body = request.jsonObject("the method invocation");
    JsonNode name = body.get("methodName");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw new RejectedRequest(ApiError.invalid("methodName is required: the name of the method to invoke on " + id));
    }
    Duration response = seconds(body, "responseTimeoutInSeconds", DirectMethods.DEFAULT_TIMEOUT.toSeconds());
    Duration connect = seconds(body, "connectTimeoutInSeconds", 0);
    JsonNode payload = body.has("payload") ? body.get("payload") : NullNode.instance;
    if (hub.identities().get(id).isEmpty()) {
      throw new RejectedRequest(IdentityResource.notRegistered(id));
    }
    // DirectMethods always completes; the bound only frees this thread if the hub stops mid-call.
    Duration bound = connect.plus(response).plusSeconds(5);
    MethodResult result = hub.methods().invoke(id, name.asText(), payload, response, connect)
        .completeOnTimeout(new MethodResult.Failed(504, 504101, "no answer from " + id + " within " + bound.toSeconds()
            + " s"), bound.toMillis(), TimeUnit.MILLISECONDS)
        .join();
    if (result instanceof MethodResult.Failed failed) {
      throw new RejectedRequest(ApiError.of(failed));
    }
    MethodResult.Responded responded = (MethodResult.Responded) result;
    ObjectNode answer = NODES.objectNode().put("status", responded.status());
    answer.set("payload", responded.payload());
    return ApiResponse.ok(answer);
  }

  private static Duration seconds(ObjectNode body, String field, long absent) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Duration.ofSeconds(absent);
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new RejectedRequest(ApiError.invalid(field + " " + value + " is not a whole number of seconds"));
    }
    return Duration.ofSeconds(value.intValue());
  }
}
