package dev.converge.adapters.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Resolves device paths ({@code /etc/motd}) under one root folder, refusing every path that would leave it.
 *
 * <p>A path is refused when it is not absolute, has a {@code ..} segment, or when the deepest part of it that
 * exists leads, through symbolic links, outside the root. Checking the deepest existing ancestor is enough: what
 * lies below it does not exist yet, so a write creates it as plain folders and a plain file inside the root. A
 * symbolic link whose target is missing is refused too, since where it leads cannot be checked. {@code .} and empty
 * segments are dropped, so {@code /etc/./motd} and {@code /etc//motd} name {@code /etc/motd}.
 *
 * <p>The check happens when a path is resolved, not again on each later operation: the agent owns the tree under
 * its root, and an attacker who can swap folders for links there already has the agent's rights. Immutable and
 * thread-safe.
 */
public final class RootedFiles {

  private final Path root;

  private RootedFiles(Path root) {
    this.root = root;
  }

  /**
   * Files under {@code root}.
   *
   * @throws IllegalArgumentException when {@code root} is not absolute (a configuration bug: a relative root would
   *     depend on the agent's working folder)
   */
  public static RootedFiles of(Path root) {
    Objects.requireNonNull(root, "root");
    if (!root.isAbsolute()) {
      throw new IllegalArgumentException("the root folder must be an absolute path: " + root);
    }
    return new RootedFiles(root.normalize());
  }

  /** The root folder, as configured (not its real path). */
  public Path root() {
    return root;
  }

  /**
   * Resolves an absolute device path under the root.
   *
   * @return {@link Resolution.Inside} with the file, or {@link Resolution.Refused} saying why the path is refused
   * @throws IOException when the root or a part of the path cannot be examined (the root is missing, permission is
   *     denied, symbolic links loop); a later attempt may succeed, so this is not a refusal
   */
  public Resolution resolve(String devicePath) throws IOException {
    Objects.requireNonNull(devicePath, "devicePath");
    if (!devicePath.startsWith("/")) {
      return refused(devicePath, "is not absolute");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : devicePath.split("/")) {
      if (segment.equals("..")) {
        return refused(devicePath, "has a '..' segment, which could lead out of the root");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    Path location;
    try {
      location = root.resolve(String.join("/", segments));
    } catch (InvalidPathException e) {
      return refused(devicePath, "is not a valid path (" + e.getReason() + ")");
    }
    Path realRoot = root.toRealPath();
    Path existing = deepestExisting(location);
    Path real;
    try {
      real = existing.toRealPath();
    } catch (NoSuchFileException e) {
      return refused(devicePath, "leads through the symbolic link " + existing + ", whose target does not exist");
    }
    if (!real.startsWith(realRoot)) {
      return refused(devicePath, "leads through a symbolic link to " + real + ", outside the root");
    }
    return new Resolution.Inside(new DeviceFile(devicePath, location));
  }

  /** The path itself or its nearest ancestor that exists; symbolic links count as existing, even dangling ones. */
  private Path deepestExisting(Path location) {
    Path p = location;
    while (!p.equals(root) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      p = p.getParent();
    }
    return p;
  }

  private Resolution refused(String devicePath, String reason) {
    return new Resolution.Refused(devicePath, root, reason);
  }

  @Override
  public String toString() {
    return "RootedFiles[" + root + "]";
  }
}
