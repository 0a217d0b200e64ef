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
 * The durable part of file upload: the emulated storage account key, so SAS URIs stay valid across restarts, and the
 * uploads in flight, so a device can still report completion after one. The blobs themselves are files.
 */
final class UploadState implements StateSection {

  private final BlobSas sas;
  private final PendingUploads pending;

  UploadState(BlobSas sas, PendingUploads pending) {
    this.sas = sas;
    this.pending = pending;
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
  }
}
