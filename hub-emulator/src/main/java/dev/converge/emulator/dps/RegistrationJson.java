package dev.converge.emulator.dps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of DPS's RegistrationOperationStatus and DeviceRegistrationResult (DPS REST API, Runtime Registration), as
 * the Java provisioning client 2.1.3 parses it ({@code RegistrationOperationStatusParser}: {@code operationId} and
 * {@code status} required; {@code registrationState.registrationId} and {@code .status} required when present), and
 * the saved form of a registration state, which adds {@code enrollmentGroupId}.
 */
final class RegistrationJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private RegistrationJson() {}

  /** The answer to a register request: {@code {"operationId":..,"status":"assigning"}}. */
  static String assigning(Operation operation) {
    return NODES.objectNode().put("operationId", operation.operationId()).put("status", "assigning").toString();
  }

  /** The answer to an operation status request once the operation has ended. */
  static String operationStatus(Operation operation) {
    ObjectNode node = NODES.objectNode()
        .put("operationId", operation.operationId())
        .put("status", operation.outcome().status().wireName());
    node.set("registrationState", registrationState(operation.outcome()));
    return node.toString();
  }

  /** DeviceRegistrationResult; members without a value are left out, as DPS leaves them out. */
  static ObjectNode registrationState(DeviceRegistration r) {
    ObjectNode node = NODES.objectNode()
        .put("registrationId", r.registrationId())
        .put("createdDateTimeUtc", r.created().toString());
    putIfPresent(node, "assignedHub", r.assignedHub());
    putIfPresent(node, "deviceId", r.deviceId());
    node.put("status", r.status().wireName());
    putIfPresent(node, "substatus", r.substatus());
    if (r.errorCode() != null) {
      node.put("errorCode", r.errorCode());
    }
    putIfPresent(node, "errorMessage", r.errorMessage());
    node.put("lastUpdatedDateTimeUtc", r.lastUpdated().toString()).put("etag", r.etag());
    return node;
  }

  static ObjectNode saved(DeviceRegistration r) {
    ObjectNode node = registrationState(r);
    putIfPresent(node, "enrollmentGroupId", r.enrollmentGroupId());
    return node;
  }

  static DeviceRegistration fromSaved(JsonNode node) {
    return new DeviceRegistration(
        node.path("registrationId").asText(),
        RegistrationStatus.fromWireName(node.path("status").asText()),
        textOrNull(node, "deviceId"),
        textOrNull(node, "assignedHub"),
        textOrNull(node, "enrollmentGroupId"),
        Instant.parse(node.path("createdDateTimeUtc").asText()),
        Instant.parse(node.path("lastUpdatedDateTimeUtc").asText()),
        node.path("etag").asText(),
        node.hasNonNull("errorCode") ? node.get("errorCode").asInt() : null,
        textOrNull(node, "errorMessage"));
  }

  private static void putIfPresent(ObjectNode node, String name, @Nullable String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static @Nullable String textOrNull(JsonNode node, String name) {
    return node.hasNonNull(name) ? node.get(name).asText() : null;
  }
}
