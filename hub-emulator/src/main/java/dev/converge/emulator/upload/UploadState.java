package dev.converge.emulator.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.StateSection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable part of file upload: the emulated storage account key, so SAS URIs stay valid across restarts, the
 * uploads in flight, so a device can still report completion after one, and the completions, IoT Hub's file upload
 * notifications, which IoT Hub keeps for the back end in a queue, each "available to consume before it is expired"
 * after its time to live (iot-hub-devguide-file-upload, {@code fileNotifications.ttlAsIso8601}; one hour by default
 * per terraform-provider-azurerm's {@code file_upload.default_ttl}), not in memory that an outage empties. The blobs
 * themselves are files.
 */
final class UploadState implements StateSection {

  private final BlobSas sas;
  private final PendingUploads pending;
  private final FileUploads uploads;

  UploadState(BlobSas sas, PendingUploads pending, FileUploads uploads) {
    this.sas = sas;
    this.pending = pending;
    this.uploads = uploads;
  }

  @Override
  public String name() {
    return "fileUpload";
  }

  @Override
  public JsonNode save() {
    ObjectNode node = JsonNodeFactory.instance.objectNode().put("storageAccountKey", sas.accountKey());
    ArrayNode uploads = node.putArray("pending");
    for (PendingUpload p : pending.all()) {
      uploads.addObject()
          .put("correlationId", p.correlationId())
          .put("deviceId", p.deviceId())
          .put("blobName", p.blobName().value())
          .put("expiry", p.expiry().toString());
    }
    ArrayNode completions = node.putArray("completions");
    for (UploadCompletion c : this.uploads.completions()) {
      ObjectNode saved = completions.addObject()
          .put("correlationId", c.correlationId())
          .put("deviceId", c.deviceId())
          .put("blobName", c.blobName())
          .put("blobUri", c.blobUri())
          .put("isSuccess", c.isSuccess())
          .put("blobSizeInBytes", c.blobSizeInBytes())
          .put("completed", c.completed().toString());
      if (c.statusCode() != null) {
        saved.put("statusCode", c.statusCode());
      }
      if (c.statusDescription() != null) {
        saved.put("statusDescription", c.statusDescription());
      }
    }
    return node;
  }

  @Override
  public void load(JsonNode saved) {
    if (saved.hasNonNull("storageAccountKey")) {
      sas.restoreAccountKey(saved.get("storageAccountKey").asText());
    }
    List<PendingUpload> restored = new ArrayList<>();
    for (JsonNode p : saved.path("pending")) {
      restored.add(new PendingUpload(
          p.path("correlationId").asText(),
          p.path("deviceId").asText(),
          new BlobName(p.path("blobName").asText()),
          Instant.parse(p.path("expiry").asText())));
    }
    pending.restore(restored);
    List<UploadCompletion> completions = new ArrayList<>();
    for (JsonNode c : saved.path("completions")) {
      completions.add(new UploadCompletion(
          c.path("correlationId").asText(),
          c.path("deviceId").asText(),
          c.path("blobName").asText(),
          c.path("blobUri").asText(),
          c.path("isSuccess").asBoolean(),
          c.hasNonNull("statusCode") ? c.get("statusCode").asInt() : null,
          c.hasNonNull("statusDescription") ? c.get("statusDescription").asText() : null,
          c.path("blobSizeInBytes").asLong(),
          Instant.parse(c.path("completed").asText())));
    }
    uploads.restoreCompletions(completions);
  }
}
