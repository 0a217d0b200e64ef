package dev.converge.emulator.hub;

import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.TwinUpdate;

/** Told about every accepted twin update, after it is visible to readers. */
@FunctionalInterface
public interface TwinListener {
  void changed(IdentityId id, TwinUpdate.Accepted update);
}
