package dev.converge.emulator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's durable state: one JSON file, replaced atomically (write a temporary file, fsync, rename), so a crash
 * leaves either the old or the new state, never a torn one.
 *
 * <p>Changes are coalesced: {@link #changed()} schedules one write shortly after, so a burst of reported patches
 * costs one write, and the MQTT path never waits for the disk. {@link #flush()} writes synchronously; the hub calls
 * it when stopping, so a clean stop loses nothing. A crash can lose at most the last {@link #DELAY_MS} ms.
 */
public final class StateFile implements AutoCloseable {

  static final long DELAY_MS = 50;
  private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 1;

  private final Path file;
  private final List<StateSection> sections;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-state-writer");
        t.setDaemon(true);
        return t;
      });

  public StateFile(Path file, List<StateSection> sections) {
    this.file = file;
    this.sections = List.copyOf(sections);
  }

  public Path path() {
    return file;
  }

  /**
   * Loads every section from the file, if there is one.
   *
   * @throws IllegalStateException naming the file when it exists but cannot be read as hub state; the hub then
   *     refuses to start rather than silently starting empty and overwriting it
   */
  public void load() {
    if (!Files.exists(file)) {
      return;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("hub state " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject() || root.path("format").asInt() != FORMAT) {
      throw new IllegalStateException("hub state " + file + " is not a format " + FORMAT + " state file");
    }
    for (StateSection section : sections) {
      JsonNode saved = root.get(section.name());
      if (saved != null) {
        try {
          section.load(saved);
        } catch (RuntimeException e) {
          throw new IllegalStateException(
              "hub state " + file + ", section '" + section.name() + "': " + e.getMessage(), e);
        }
      }
    }
  }

  /** Something durable changed: write soon. */
  public void changed() {
    if (scheduled.compareAndSet(false, true)) {
      writer.schedule(this::writeScheduled, DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Writes now, on the caller's thread. */
  public synchronized void flush() {
    scheduled.set(false);
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
    for (StateSection section : sections) {
      root.set(section.name(), section.save());
    }
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      // The state holds keys: owner-only from the first byte written.
      Files.deleteIfExists(temp);
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write hub state " + file, e);
    }
  }

  private void writeScheduled() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.error("Hub state not saved: {}", e.getMessage());
    }
  }

  /** Stops the writer without a final write. */
  void abandon() {
    writer.shutdownNow();
  }

  @Override
  public void close() {
    writer.shutdownNow();
    flush();
  }
}
