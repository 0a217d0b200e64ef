package dev.converge.emulator.dps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;

/**
 * DPS's device-facing operations for an already attested device, the same over MQTT and HTTPS: register (always
 * {@code 202 assigning} with an operation id, the assignment itself done at once) and operation status lookup
 * ({@code 200} with the final status and registration state).
 */
final class RuntimeRegistration {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Provisioner provisioner;
  private final Operations operations;
  private final Clock clock;

  RuntimeRegistration(Provisioner provisioner, Operations operations, Clock clock) {
    this.provisioner = provisioner;
    this.operations = operations;
    this.clock = clock;
  }

  /**
   * Registers the device. The body is DPS's DeviceRegistration, {@code {"registrationId":..,"payload":..}}; an empty
   * body is read as {@code {}}. A custom {@code payload} is accepted and ignored: it only matters to custom
   * allocation policies, which are not emulated.
   */
  /** DPS's answer to any request of a device whose attestation failed. */
  DpsReply unauthorized() {
    return DpsReply.unauthorized(clock.instant());
  }

  DpsReply register(EnrollmentMatch match, byte[] body) {
    JsonNode request;
    try {
      request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return DpsReply.error(400, 400000, "The registration request is not valid JSON", clock.instant());
    }
    if (request == null || !request.isObject()) {
      return DpsReply.error(400, 400000, "The registration request must be a JSON object", clock.instant());
    }
    JsonNode claimed = request.get("registrationId");
    if (claimed != null && !claimed.asText().equalsIgnoreCase(match.registrationId())) {
      return DpsReply.error(400, 400000, "registrationId '" + claimed.asText()
          + "' in the body differs from the authenticated registration", clock.instant());
    }
    Operation operation = operations.start(provisioner.provision(match));
    return new DpsReply(202, RegistrationJson.assigning(operation));
  }

  /** The status of one of this device's operations; 404 for an unknown operation or someone else's. */
  DpsReply operationStatus(EnrollmentMatch match, String operationId) {
    return operations.get(operationId, match.registrationId())
        .map(operation -> new DpsReply(200, RegistrationJson.operationStatus(operation)))
        .orElseGet(() -> DpsReply.error(404, 404000, "Operation " + operationId + " not found", clock.instant()));
  }
}
