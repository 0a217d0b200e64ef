package dev.converge.adapters.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One file on the device, at a location {@link RootedFiles} has checked to lie inside the root folder. Only
 * {@link RootedFiles#resolve} creates one.
 *
 * <p>Reads and mode changes follow a symbolic link at the file's own location (its target was checked to be inside
 * the root); {@link #write} replaces such a link with a regular file rather than writing through it, so a shared
 * target is never changed behind the link's back. Methods throw {@link IOException} for I/O failures; adapters
 * turn those into results at their boundary.
 */
public final class DeviceFile {

  /** What is at the file's location. */
  public enum Kind {
    MISSING,
    REGULAR,
    DIRECTORY,
    /** A device, pipe or socket: never read or replaced. */
    OTHER
  }

  private static final Pattern MODE = Pattern.compile("[0-7]{4}");
  private static final String TEMP_SUFFIX = ".converge-tmp";

  private final String devicePath;
  private final Path location;

  DeviceFile(String devicePath, Path location) {
    this.devicePath = Objects.requireNonNull(devicePath, "devicePath");
    this.location = Objects.requireNonNull(location, "location");
  }

  /** The path as the device sees it, e.g. {@code /etc/motd}. */
  public String devicePath() {
    return devicePath;
  }

  /** Where the file is on this machine: the device path under the root folder. */
  public Path location() {
    return location;
  }

  /** What is at the location now, following a symbolic link there. */
  public Kind kind() throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(location, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Kind.MISSING;
    }
    if (attributes.isRegularFile()) {
      return Kind.REGULAR;
    }
    return attributes.isDirectory() ? Kind.DIRECTORY : Kind.OTHER;
  }

  /** Whether anything is at the location (a file, folder or other); a link counts by its target. */
  public boolean exists() throws IOException {
    return kind() != Kind.MISSING;
  }

  /**
   * The names of the entries of this folder, sorted, following a symbolic link at its location. The entries are
   * not resolved: a caller that acts on one resolves its device path through {@link RootedFiles} first.
   *
   * @throws java.nio.file.NotDirectoryException when this is not a folder
   */
  public List<String> entries() throws IOException {
    try (Stream<Path> entries = Files.list(location)) {
      return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  /**
   * The file's content as text.
   *
   * @throws CharacterCodingException when the content is not UTF-8 (a binary file, or another encoding)
   */
  public String readText() throws IOException {
    return Files.readString(location, StandardCharsets.UTF_8);
  }

  /** The permission bits as four octal digits, e.g. {@code 0644}, or {@code 4755} with set-user-ID. */
  public String mode() throws IOException {
    int mode = (Integer) Files.getAttribute(location, "unix:mode");
    return String.format("%04o", mode & 07777);
  }

  /**
   * Sets the permission bits.
   *
   * @param mode four octal digits, e.g. {@code 0640}
   * @throws IllegalArgumentException when {@code mode} is not four octal digits (callers validate first)
   */
  public void setMode(String mode) throws IOException {
    Files.setAttribute(location, "unix:mode", parseMode(mode));
  }

  /**
   * Replaces the file's content and mode atomically, creating missing parent folders: a reader sees the old file or
   * the new one, never a part, and after a crash the file is one or the other.
   *
   * <p>The content goes to a temporary file in the same folder (created readable by the owner only, so content is
   * never exposed under a wider mode), is forced to disk, gets its mode, and is renamed over the file; then the
   * folder is forced so the rename itself survives a power loss.
   *
   * @throws CharacterCodingException when {@code content} cannot be encoded as UTF-8 (a lone surrogate)
   * @throws IllegalArgumentException when {@code mode} is not four octal digits
   */
  public void write(String content, String mode) throws IOException {
    int bits = parseMode(mode);
    ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(content));
    Path folder = location.getParent();
    Files.createDirectories(folder);
    Path temp = Files.createTempFile(folder, "." + location.getFileName() + ".", TEMP_SUFFIX);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.setAttribute(temp, "unix:mode", bits);
      Files.move(temp, location, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    forceFolder(folder);
  }

  /**
   * Deletes the file (or the symbolic link at its location).
   *
   * @return whether there was something to delete
   */
  public boolean delete() throws IOException {
    boolean deleted = Files.deleteIfExists(location);
    if (deleted) {
      forceFolder(location.getParent());
    }
    return deleted;
  }

  private static void forceFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static int parseMode(String mode) {
    if (!MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("a mode is four octal digits, e.g. 0644, not '" + mode + "'");
    }
    return Integer.parseInt(mode, 8);
  }

  @Override
  public String toString() {
    return devicePath + " at " + location;
  }
}
