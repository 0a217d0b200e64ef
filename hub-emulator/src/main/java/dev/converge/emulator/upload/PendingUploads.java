package dev.converge.emulator.upload;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Uploads in flight, by correlation id. IoT Hub allows each device {@link #MAX_ACTIVE_PER_DEVICE} at a time
 * (iot-hub-devguide-file-upload, "File upload quotas and limits"); an upload stops counting when the device reports
 * it complete or its SAS expires. Thread-safe.
 */
final class PendingUploads {

  static final int MAX_ACTIVE_PER_DEVICE = 10;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);

  private final Map<String, PendingUpload> byCorrelationId = new LinkedHashMap<>();
  private final Clock clock;

  PendingUploads(Clock clock) {
    this.clock = clock;
  }

  /** Starts an upload expiring at {@code expiry}; empty when the device already has the maximum in flight. */
  synchronized Optional<PendingUpload> start(String deviceId, BlobName blobName, Instant expiry) {
    dropExpired();
    long active = byCorrelationId.values().stream().filter(p -> p.deviceId().equals(deviceId)).count();
    if (active >= MAX_ACTIVE_PER_DEVICE) {
      return Optional.empty();
    }
    PendingUpload upload = new PendingUpload(correlationId(blobName), deviceId, blobName, expiry);
    byCorrelationId.put(upload.correlationId(), upload);
    return Optional.of(upload);
  }

  /** Ends the device's upload of this correlation id; empty when there is none (unknown, expired, or another's). */
  synchronized Optional<PendingUpload> finish(String deviceId, String correlationId) {
    dropExpired();
    PendingUpload upload = byCorrelationId.get(correlationId);
    if (upload == null || !upload.deviceId().equals(deviceId)) {
      return Optional.empty();
    }
    byCorrelationId.remove(correlationId);
    return Optional.of(upload);
  }

  synchronized List<PendingUpload> all() {
    return List.copyOf(byCorrelationId.values());
  }

  synchronized void restore(Collection<PendingUpload> saved) {
    byCorrelationId.clear();
    saved.forEach(p -> byCorrelationId.put(p.correlationId(), p));
  }

  private void dropExpired() {
    Instant now = clock.instant();
    byCorrelationId.values().removeIf(p -> !p.expiry().isAfter(now));
  }

  /** IoT Hub's correlation ids are Base64 of {@code {time}_{guid}_{blob}_ver2.0}; devices treat them as opaque. */
  private String correlationId(BlobName blobName) {
    String text = STAMP.format(clock.instant()) + "_" + UUID.randomUUID() + "_" + blobName + "_ver2.0";
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
