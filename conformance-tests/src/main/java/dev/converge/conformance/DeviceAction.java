package dev.converge.conformance;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A change made to the device behind the agent's back (a scenario's {@code device:} step). Paths are device paths:
 * absolute, resolved under the agent's root folder by {@link DeviceRoot}.
 */
public sealed interface DeviceAction {

  /** Four octal digits, as the {@code files} capability writes modes. */
  Pattern MODE = Pattern.compile("0[0-7]{3}");

  /** The device path the action touches. */
  String path();

  /**
   * Writes a text file, creating missing folders; keeps the file's mode unless {@code mode} is given (a new file
   * gets 0644).
   */
  record Write(String path, String content, @Nullable String mode) implements DeviceAction {
    public Write {
      requirePath(path);
      Objects.requireNonNull(content, "content");
      if (mode != null) {
        requireMode(mode);
      }
    }
  }

  /** Deletes a file, or a folder with everything in it. The path must exist. */
  record Delete(String path) implements DeviceAction {
    public Delete {
      requirePath(path);
    }
  }

  /** Changes the permission bits of an existing file. */
  record Chmod(String path, String mode) implements DeviceAction {
    public Chmod {
      requirePath(path);
      requireMode(mode);
    }
  }

  /**
   * Puts a regular file where a folder should be (replacing the folder and its content if there is one), so that
   * nothing can be created below {@code path}: writes there fail with "Not a directory".
   */
  record Block(String path) implements DeviceAction {
    public Block {
      requirePath(path);
    }
  }

  /**
   * Makes {@code path} a symbolic link to the device path {@code to} (resolved in the sandbox and linked by its
   * absolute location), for checking that the agent never follows a link out of its root.
   */
  record Link(String path, String to) implements DeviceAction {
    public Link {
      requirePath(path);
      requirePath(to);
    }
  }

  private static void requirePath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.length() < 2) {
      throw new IllegalArgumentException("a device path is absolute, such as /etc/motd, not '" + path + "'");
    }
  }

  private static void requireMode(String mode) {
    if (!MODE.matcher(mode).matches()) {
      throw new IllegalArgumentException("a mode is four octal digits such as \"0644\" (quoted in YAML), not '"
          + mode + "'");
    }
  }
}
