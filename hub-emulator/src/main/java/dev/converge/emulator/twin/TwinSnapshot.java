package dev.converge.emulator.twin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;

/**
 * One consistent, immutable state of a {@link Twin}.
 *
 * @param tags the tags section (service-only; devices never see it)
 * @param desired desired properties, without {@code $version}
 * @param desiredVersion desired {@code $version}: 1 for a new twin, +1 on every accepted desired update
 * @param reported reported properties, without {@code $version}
 * @param reportedVersion reported {@code $version}: 1 for a new twin, +1 on every accepted reported update
 * @param version the twin's own version: 1 for a new twin, +1 on every accepted update of any section; the {@link
 *     #etag()} derives from it
 */
public record TwinSnapshot(
    TwinDocument tags,
    TwinDocument desired,
    long desiredVersion,
    TwinDocument reported,
    long reportedVersion,
    long version) {

  public TwinSnapshot {
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(reported, "reported");
    if (desiredVersion < 1 || reportedVersion < 1 || version < 1) {
      throw new IllegalArgumentException("versions start at 1");
    }
  }

  /** The state of a twin that was never written. */
  static TwinSnapshot initial() {
    return new TwinSnapshot(TwinDocument.empty(), TwinDocument.empty(), 1, TwinDocument.empty(), 1, 1);
  }

  /**
   * The twin's ETag (RFC 7232), unquoted. It changes with every accepted update of any section, tags included; tags
   * have no {@code $version}, so the etag is their only concurrency token. Its shape copies IoT Hub's, Base64 of a
   * 64-bit big-endian counter ({@code AAAAAAAAAAE=} for a new twin); clients must treat it as opaque.
   */
  public String etag() {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(version).array());
  }

  /**
   * What a device receives when it GETs its twin ({@code $iothub/twin/GET}): {@code {"desired": {..., "$version": n},
   * "reported": {..., "$version": m}}}. Tags are not visible to devices.
   */
  public TwinDocument deviceView() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode view = nodes.objectNode();
    view.set("desired", desired.toObjectNode().put("$version", desiredVersion));
    view.set("reported", reported.toObjectNode().put("$version", reportedVersion));
    return TwinDocument.adopt(view);
  }
}
