package dev.converge.emulator.upload;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * A blob a device uploaded, as stored on disk.
 *
 * @param blobName the name within the container, {@code {deviceId}/{name as the device asked}}
 * @param file where its content is
 * @param size bytes
 * @param lastModified when it was last written
 */
public record UploadedFile(String blobName, Path file, long size, Instant lastModified) {

  public UploadedFile {
    Objects.requireNonNull(blobName, "blobName");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  /** The uploading device: the first segment of the blob name. */
  public String deviceId() {
    int slash = blobName.indexOf('/');
    return slash < 0 ? blobName : blobName.substring(0, slash);
  }
}
