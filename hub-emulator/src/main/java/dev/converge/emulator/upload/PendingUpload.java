package dev.converge.emulator.upload;

import java.time.Instant;
import java.util.Objects;

/**
 * An upload a device started and has not yet reported complete.
 *
 * @param correlationId what the device reports completion with
 * @param deviceId who started it
 * @param blobName {@code {deviceId}/{name}}
 * @param expiry when its SAS expires; IoT Hub forgets the upload then
 */
record PendingUpload(String correlationId, String deviceId, BlobName blobName, Instant expiry) {

  PendingUpload {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(blobName, "blobName");
    Objects.requireNonNull(expiry, "expiry");
  }
}
