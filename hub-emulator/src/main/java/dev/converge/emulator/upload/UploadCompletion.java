package dev.converge.emulator.upload;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A device's report that an upload ended, with what IoT Hub puts in the file upload notification for back ends
 * ({@code blobUri}, {@code blobSizeInBytes}). IoT Hub notifies back ends of successful uploads only ({@link
 * #isSuccess()}).
 *
 * @param correlationId from the SAS URI request
 * @param deviceId the uploading device
 * @param blobName {@code {deviceId}/{name}}
 * @param blobUri {@code https://{host}/{container}/{blobName}}, without a SAS
 * @param isSuccess as the device reported
 * @param statusCode as the device reported, or null
 * @param statusDescription as the device reported, or null
 * @param blobSizeInBytes the stored blob's size, or 0 when there is none
 * @param completed when the report arrived
 */
public record UploadCompletion(
    String correlationId,
    String deviceId,
    String blobName,
    String blobUri,
    boolean isSuccess,
    @Nullable Integer statusCode,
    @Nullable String statusDescription,
    long blobSizeInBytes,
    Instant completed) {

  public UploadCompletion {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(blobName, "blobName");
    Objects.requireNonNull(blobUri, "blobUri");
    Objects.requireNonNull(completed, "completed");
  }
}
