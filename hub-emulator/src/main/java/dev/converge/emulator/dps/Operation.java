package dev.converge.emulator.dps;

import java.util.Objects;

/**
 * One registration request and its outcome. DPS answers a register request with {@code 202 assigning} and the
 * operation id; the device then polls the operation until it reports a final status.
 *
 * @param operationId what the device polls with
 * @param registrationId whose operation it is; nobody else may read it
 * @param outcome the registration state the operation ended in
 */
record Operation(String operationId, String registrationId, DeviceRegistration outcome) {

  Operation {
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(outcome, "outcome");
  }
}
