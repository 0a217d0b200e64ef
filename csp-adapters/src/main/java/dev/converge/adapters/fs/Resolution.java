package dev.converge.adapters.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a device path leads under the root folder: to a {@link DeviceFile} inside it, or nowhere, because the path
 * would leave the root or cannot be checked safely. Refusal is a value, so adapters report it rather than throw.
 */
public sealed interface Resolution permits Resolution.Inside, Resolution.Refused {

  /** The path stays inside the root; {@code file} is where it leads. */
  record Inside(DeviceFile file) implements Resolution {
    public Inside {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * The path is refused.
   *
   * @param devicePath the path as given
   * @param root the root folder it was resolved under
   * @param reason why, as a phrase that follows the path ("has a '..' segment")
   */
  record Refused(String devicePath, Path root, String reason) implements Resolution {
    public Refused {
      Objects.requireNonNull(devicePath, "devicePath");
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(reason, "reason");
    }

    /** A sentence naming the path, the reason and the root, for {@code __errors}. */
    public String message() {
      return "device path " + devicePath + " is refused: it " + reason + " (root folder " + root + ")";
    }
  }
}
