package dev.converge.emulator.dps;

import dev.converge.emulator.auth.AccessKeys;
import java.util.Objects;

/**
 * A symmetric-key enrollment group: any registration id may register, signing with the key derived from the group
 * key for that id ({@link AccessKeys#deriveDeviceKey}); the device id is the registration id.
 *
 * @param groupId DPS's {@code enrollmentGroupId}
 * @param keys the group's primary and secondary keys, never given to devices
 * @param initialTwin tags and desired properties given to each device DPS creates through this group
 * @param enabled DPS's {@code provisioningStatus}
 */
public record EnrollmentGroup(String groupId, AccessKeys keys, InitialTwin initialTwin, boolean enabled) {

  public EnrollmentGroup {
    RegistrationIdRules.require(Objects.requireNonNull(groupId, "groupId"));
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(initialTwin, "initialTwin");
  }

  /** An enabled group with these keys and no initial twin. */
  public static EnrollmentGroup symmetricKey(String groupId, AccessKeys keys) {
    return new EnrollmentGroup(groupId, keys, InitialTwin.none(), true);
  }

  public EnrollmentGroup withInitialTwin(InitialTwin twin) {
    return new EnrollmentGroup(groupId, keys, twin, enabled);
  }

  public EnrollmentGroup withEnabled(boolean isEnabled) {
    return new EnrollmentGroup(groupId, keys, initialTwin, isEnabled);
  }

  /** The keys a device registering as {@code registrationId} signs with. */
  public AccessKeys deviceKeys(String registrationId) {
    return keys.derivedFor(registrationId);
  }
}
