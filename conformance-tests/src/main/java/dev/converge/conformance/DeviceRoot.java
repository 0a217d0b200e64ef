package dev.converge.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The device's file tree: the agent's root folder, inside a sandbox folder that scenarios may also reach with
 * {@code ..} (so "nothing was written outside the root" can be checked without touching the real file system).
 *
 * <p>Device paths are absolute ({@code /etc/motd}) and resolve under the root; a path that would leave the sandbox
 * is refused with {@link IllegalArgumentException}. Symbolic links are never followed. I/O errors surface as
 * {@link UncheckedIOException}: a scenario that cannot set up its device is broken, not failing.
 */
public final class DeviceRoot {

  /**
   * The modification time {@link #pin} gives a file: far in the past, so that any later write shows even when the
   * file system's clock is coarser than the time a step takes.
   */
  public static final Instant PIN_TIME = Instant.parse("2001-01-01T00:00:00Z");

  private static final String BLOCKER = "blocked by a conformance scenario: a file where a folder should be\n";
  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path sandbox;
  private final Path root;

  private DeviceRoot(Path sandbox, Path root) {
    this.sandbox = sandbox;
    this.root = root;
  }

  /**
   * A device root at {@code sandbox/root}, created if missing.
   *
   * @param sandbox an existing folder that belongs to this device alone
   */
  public static DeviceRoot in(Path sandbox) {
    Path s = sandbox.toAbsolutePath().normalize();
    if (!Files.isDirectory(s)) {
      throw new IllegalArgumentException("the sandbox must be an existing folder: " + s);
    }
    Path root = s.resolve("root");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the device root " + root, e);
    }
    return new DeviceRoot(s, root);
  }

  /** The agent's root folder: what adapters resolve device paths under. */
  public Path root() {
    return root;
  }

  /** The folder around the root; everything a scenario may touch is inside it. */
  public Path sandbox() {
    return sandbox;
  }

  /** Where a device path is on this machine. */
  public Path resolve(String devicePath) {
    Objects.requireNonNull(devicePath, "devicePath");
    if (!devicePath.startsWith("/")) {
      throw new IllegalArgumentException("a device path is absolute, such as /etc/motd, not '" + devicePath + "'");
    }
    Path p = root.resolve(devicePath.substring(1)).normalize();
    if (!p.startsWith(sandbox) || p.equals(sandbox)) {
      throw new IllegalArgumentException("device path " + devicePath + " leads out of the scenario's sandbox "
          + sandbox);
    }
    return p;
  }

  /** Makes the change. */
  public void apply(DeviceAction action) {
    Path p = resolve(action.path());
    try {
      if (action instanceof DeviceAction.Write w) {
        write(p, w);
      } else if (action instanceof DeviceAction.Delete) {
        if (!Files.exists(p, NO_FOLLOW)) {
          throw new IllegalArgumentException("cannot delete " + action.path() + ": there is nothing there");
        }
        deleteTree(p);
      } else if (action instanceof DeviceAction.Chmod c) {
        if (!Files.isRegularFile(p, NO_FOLLOW)) {
          throw new IllegalArgumentException("cannot chmod " + action.path() + ": it is " + file(action.path())
              .describe());
        }
        Files.setPosixFilePermissions(p, permissions(c.mode()));
      } else if (action instanceof DeviceAction.Link l) {
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, resolve(l.to()));
      } else if (action instanceof DeviceAction.Block) {
        if (Files.exists(p, NO_FOLLOW)) {
          deleteTree(p);
        }
        Files.createDirectories(p.getParent());
        Files.writeString(p, BLOCKER, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("device action " + action + " failed: " + e.getMessage(), e);
    }
  }

  /** What is at the device path now. */
  public FileState file(String devicePath) {
    Path p = resolve(devicePath);
    try {
      if (!Files.exists(p, NO_FOLLOW)) {
        return FileState.missing();
      }
      if (Files.isSymbolicLink(p)) {
        return new FileState.Other("symbolic link");
      }
      if (Files.isDirectory(p, NO_FOLLOW)) {
        return new FileState.Other("folder");
      }
      if (!Files.isRegularFile(p, NO_FOLLOW)) {
        return new FileState.Other("device, pipe or socket");
      }
      return new FileState.Regular(new String(Files.readAllBytes(p), StandardCharsets.UTF_8),
          mode(Files.getPosixFilePermissions(p, NO_FOLLOW)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + devicePath + ": " + e.getMessage(), e);
    }
  }

  /** The file's state and the times and identity a write would change. */
  public FileStamp stamp(String devicePath) {
    Path p = resolve(devicePath);
    FileState state = file(devicePath);
    if (!(state instanceof FileState.Regular)) {
      return new FileStamp(state, null, null, null);
    }
    try {
      BasicFileAttributes basic = Files.readAttributes(p, BasicFileAttributes.class, NO_FOLLOW);
      Object key = basic.fileKey();
      String changed = null;
      try {
        Map<String, Object> unix = Files.readAttributes(p, "unix:ctime", NO_FOLLOW);
        changed = String.valueOf(unix.get("ctime"));
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        changed = null; // not a Unix file system: the other fields still catch a rewrite
      }
      return new FileStamp(state, key == null ? null : key.toString(), basic.lastModifiedTime().toString(), changed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the attributes of " + devicePath + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sets a regular file's modification time to {@link #PIN_TIME} and returns its stamp, for checking later that
   * nothing wrote it. Content and mode are left alone, so the agent has nothing to notice.
   */
  public FileStamp pin(String devicePath) {
    Path p = resolve(devicePath);
    if (Files.isRegularFile(p, NO_FOLLOW)) {
      try {
        Files.setLastModifiedTime(p, FileTime.from(PIN_TIME));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot set the modification time of " + devicePath, e);
      }
    }
    return stamp(devicePath);
  }

  /** Deletes the whole sandbox, root included. */
  public void deleteAll() {
    if (Files.exists(sandbox, NO_FOLLOW)) {
      try {
        deleteTree(sandbox);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete the scenario sandbox " + sandbox, e);
      }
    }
  }

  private static void write(Path p, DeviceAction.Write w) throws IOException {
    Files.createDirectories(p.getParent());
    boolean existed = Files.isRegularFile(p, NO_FOLLOW);
    Files.writeString(p, w.content(), StandardCharsets.UTF_8);
    @Nullable String mode = w.mode() != null ? w.mode() : existed ? null : "0644";
    if (mode != null) {
      Files.setPosixFilePermissions(p, permissions(mode));
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, NO_FOLLOW)) {
      try (Stream<Path> walk = Files.walk(p)) {
        for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(each);
        }
      }
    } else {
      Files.delete(p);
    }
  }

  /** Four octal digits for a permission set. */
  static String mode(Set<PosixFilePermission> permissions) {
    int bits = 0;
    for (PosixFilePermission p : permissions) {
      bits |= 1 << (8 - p.ordinal());
    }
    return String.format("0%03o", bits);
  }

  static Set<PosixFilePermission> permissions(String mode) {
    int bits = Integer.parseInt(mode, 8);
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((bits & (1 << (8 - p.ordinal()))) != 0) {
        out.add(p);
      }
    }
    return out;
  }
}
