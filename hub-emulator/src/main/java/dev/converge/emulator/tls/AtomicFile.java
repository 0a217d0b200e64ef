package dev.converge.emulator.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see the old content or the new, never a torn one: a temporary file in the same
 * folder, flushed to disk, then renamed over the target. Secrets are created owner-only ({@code 0600}) from the
 * first byte, so there is no moment when another user could read them.
 */
final class AtomicFile {

  private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

  private AtomicFile() {}

  /** Writes {@code text} to {@code target}, owner-only if {@code secret}, else world-readable. */
  static void write(Path target, String text, boolean secret) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Path temporary =
        Files.createTempFile(folder, "." + target.getFileName(), ".tmp", attributes(folder, SECRET));
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      if (!secret && isPosix(folder)) {
        Files.setPosixFilePermissions(temporary, PUBLIC);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Creates {@code folder} (owner-only) if missing; an existing folder keeps its permissions. */
  static void createFolder(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, attributes(folder, PRIVATE_FOLDER));
    }
  }

  private static FileAttribute<?>[] attributes(Path onFileSystemOf, Set<PosixFilePermission> permissions) {
    return isPosix(onFileSystemOf)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
