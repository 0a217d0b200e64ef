package dev.converge.emulator.twin;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one twin update: accepted with the new state, or rejected with IoT Hub's error and the twin left
 * exactly as it was.
 */
public sealed interface TwinUpdate {

  /** Whether the update was applied. */
  boolean isAccepted();

  /**
   * The update was applied.
   *
   * @param section the section written
   * @param version the new version of that section: {@code $version} for desired and reported, the twin version
   *     for tags (which have no {@code $version})
   * @param twin the twin right after this update
   * @param desiredNotification for a desired update, the document pushed to devices subscribed to desired changes
   *     ({@code $iothub/twin/PATCH/properties/desired/?$version=n}): the patch as accepted, {@code null} deletes
   *     included, plus {@code "$version": n}. A replacement sends the whole new desired document instead, because
   *     "the device receives the same form of update (partial or full replacement) executed by the solution back
   *     end" (device twins page, "Device operations"); such a document cannot express removed keys, which is why a
   *     device must re-read the full twin. Empty for tags and reported.
   */
  record Accepted(TwinSection section, long version, TwinSnapshot twin, Optional<TwinDocument> desiredNotification)
      implements TwinUpdate {
    public Accepted {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(twin, "twin");
      Objects.requireNonNull(desiredNotification, "desiredNotification");
    }

    @Override
    public boolean isAccepted() {
      return true;
    }
  }

  /** The update was refused; nothing changed. */
  record Rejected(TwinError error) implements TwinUpdate {
    public Rejected {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public boolean isAccepted() {
      return false;
    }
  }
}
