package dev.converge.emulator.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The emulated storage account: one blob container as a folder, each blob a file at its name's path. A write goes to
 * a temporary file in {@code .incoming} (same file system), is flushed to disk and then renamed over the blob, so a
 * reader sees the old or the new content, never part of an upload.
 */
final class BlobStore {

  private static final String INCOMING = ".incoming";

  private final Path container;
  private final Path incoming;

  /** @param folder where the container folder lives (the hub's {@code uploads} folder) */
  BlobStore(Path folder, String containerName) {
    this.container = folder.resolve(containerName).toAbsolutePath().normalize();
    this.incoming = folder.resolve(INCOMING).toAbsolutePath().normalize();
  }

  /**
   * Stores {@code content} as {@code name}, replacing an existing blob; reads at most {@code maxBytes}.
   *
   * @return the size written, or empty when the content was longer than {@code maxBytes} (nothing is stored then)
   */
  Optional<Long> put(BlobName name, InputStream content, long maxBytes) throws IOException {
    Path target = fileOf(name);
    Files.createDirectories(target.getParent());
    Files.createDirectories(incoming);
    Path temporary = Files.createTempFile(incoming, "blob-", ".tmp");
    try {
      long written;
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        written = copy(content, out, maxBytes);
        if (written < 0) {
          return Optional.empty();
        }
        channel.force(true);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(written);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The stored blob, if there is one. */
  Optional<UploadedFile> get(BlobName name) throws IOException {
    Path file = fileOf(name);
    return Files.isRegularFile(file) ? Optional.of(describe(file)) : Optional.empty();
  }

  /** Every blob, sorted by name. */
  List<UploadedFile> list() throws IOException {
    if (!Files.isDirectory(container)) {
      return List.of();
    }
    List<UploadedFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(container)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.add(describe(file));
      }
    }
    files.sort(Comparator.comparing(UploadedFile::blobName));
    return files;
  }

  /** The blob's path; {@link BlobName} already refuses every name that could leave the container. */
  private Path fileOf(BlobName name) {
    Path file = container.resolve(name.value()).normalize();
    if (!file.startsWith(container) || file.equals(container)) {
      throw new IllegalArgumentException("blob name '" + name + "' leaves the container");
    }
    return file;
  }

  private UploadedFile describe(Path file) throws IOException {
    String name = container.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    return new UploadedFile(name, file, Files.size(file), Files.getLastModifiedTime(file).toInstant());
  }

  /** Copies up to {@code maxBytes}; returns the count, or -1 when there was more. */
  private static long copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
      if (total > maxBytes) {
        return -1;
      }
      out.write(buffer, 0, n);
    }
    return total;
  }
}
