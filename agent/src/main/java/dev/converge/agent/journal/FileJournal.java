package dev.converge.agent.journal;

import dev.converge.engine.port.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Journal} in one append-only file, one record per line ({@code record + "\n"}), UTF-8.
 *
 * <ul>
 *   <li>{@link #append} writes the record and forces it to disk ({@link FileChannel#force}) before it returns. The
 *       first append creates missing parent directories and the file, with POSIX mode {@code 0600} where the file
 *       system supports it (the journal is root-only, after OSConfig); it then also syncs the parent directory so
 *       that the new file itself survives a power loss. An existing file's mode is left as it is.
 *   <li>If the file does not end with {@code "\n"} (a write was cut off), the next append first writes
 *       {@code "\n"}, so the torn bytes stay, unchanged, as a line of their own; the engine reports them and sets
 *       them aside. Nothing is ever truncated or rewritten.
 *   <li>{@link #records} returns every line in order, a last line without {@code "\n"} (the torn record) included.
 *       A file that does not exist yet has no records; reading creates nothing.
 * </ul>
 *
 * <p>Constructing one performs no I/O. Methods are synchronized; one instance should be the only writer of its file.
 * Each append opens and closes the file, so there is nothing to close. I/O failures are thrown as
 * {@link UncheckedIOException} naming the file; the caller decides what they mean.
 */
public final class FileJournal implements Journal {

  private static final Logger LOG = LoggerFactory.getLogger(FileJournal.class);

  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

  private final Path file;

  public FileJournal(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /**
   * Appends one record and forces it to disk.
   *
   * @throws IllegalArgumentException if the record contains a line break
   * @throws UncheckedIOException naming the file, if it cannot be created, written or synced; the record may then
   *     be stored in part, which the next append and the engine's replay handle
   */
  @Override
  public synchronized void append(String record) {
    Objects.requireNonNull(record, "record");
    if (record.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a journal record must be a single line");
    }
    try {
      boolean created = createIfMissing();
      boolean torn = !created && !endsWithNewline();
      byte[] bytes = ((torn ? "\n" : "") + record + "\n").getBytes(StandardCharsets.UTF_8);
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      if (created) {
        syncDirectory();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to journal " + file + ": " + describe(e), e);
    }
  }

  /**
   * Every line of the file, in order; a torn last line as found.
   *
   * @throws UncheckedIOException naming the file, if it exists but cannot be read
   */
  @Override
  public synchronized List<String> records() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read journal " + file + ": " + describe(e), e);
    }
    // Malformed UTF-8 (damage) becomes U+FFFD: the line is still returned, and the engine reports it.
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      lines.add(text.substring(start, i));
      start = i + 1;
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return List.copyOf(lines);
  }

  @Override
  public String toString() {
    return "FileJournal[" + file + "]";
  }

  /** Creates parent directories and the file (mode 0600 where POSIX) if missing; whether it was created. */
  private boolean createIfMissing() throws IOException {
    if (Files.exists(file)) {
      return false;
    }
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
        : new FileAttribute<?>[0];
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try (FileChannel created = FileChannel.open(file, options, attributes)) {
      return created.size() == 0; // false only if another writer created and filled it meanwhile
    }
  }

  private boolean endsWithNewline() throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      while (last.hasRemaining()) {
        if (in.read(last, size - 1) < 0) {
          throw new IOException("the file shrank while its last byte was read");
        }
      }
      return last.get(0) == '\n';
    }
  }

  /** Makes the new file's directory entry durable. Some platforms cannot open a directory; there it is skipped. */
  private void syncDirectory() {
    Path parent = file.getParent();
    if (parent == null) {
      return;
    }
    try (FileChannel dir = FileChannel.open(parent, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("cannot sync directory {} after creating the journal: {}", parent, describe(e));
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }
}
