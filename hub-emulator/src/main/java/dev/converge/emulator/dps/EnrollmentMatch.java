package dev.converge.emulator.dps;

import dev.converge.emulator.identity.Credentials;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an authenticated registration is entitled to, taken from the enrollment that admitted it.
 *
 * @param registrationId as the device sent it
 * @param deviceId the device id to assign
 * @param credentials what the device will authenticate to the hub with: the enrollment's keys, the group-derived
 *     keys, or the enrolled certificate thumbprints
 * @param initialTwin applied when DPS creates the device
 * @param enabled the enrollment's provisioning status
 * @param enrollmentGroupId the admitting group, or null for an individual enrollment
 */
record EnrollmentMatch(
    String registrationId,
    String deviceId,
    Credentials credentials,
    InitialTwin initialTwin,
    boolean enabled,
    @Nullable String enrollmentGroupId) {

  EnrollmentMatch {
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(initialTwin, "initialTwin");
  }

  static EnrollmentMatch of(IndividualEnrollment enrollment, Credentials credentials) {
    return new EnrollmentMatch(enrollment.registrationId(), enrollment.assignedDeviceId(), credentials,
        enrollment.initialTwin(), enrollment.enabled(), null);
  }

  static EnrollmentMatch of(EnrollmentGroup group, String registrationId) {
    var keys = group.deviceKeys(registrationId);
    return new EnrollmentMatch(registrationId, registrationId,
        new Credentials.SymmetricKey(keys.primary(), keys.secondary()), group.initialTwin(), group.enabled(),
        group.groupId());
  }
}
