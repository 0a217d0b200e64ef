package dev.converge.emulator.dps;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * DPS's record of a registration's last outcome (its "registration state"), as the device receives it in {@code
 * registrationState}.
 *
 * @param registrationId as the device registered
 * @param status assigned, disabled (enrollment disabled) or failed (the hub refused the device)
 * @param deviceId the device id in the hub; null unless assigned
 * @param assignedHub the hub host name; null unless assigned
 * @param enrollmentGroupId the group that admitted the device, or null for an individual enrollment
 * @param created when this registration id first registered
 * @param lastUpdated when it last registered
 * @param etag changes on every registration
 * @param errorCode for a failure, the hub's error code; else null
 * @param errorMessage why it was not assigned; null when assigned
 */
public record DeviceRegistration(
    String registrationId,
    RegistrationStatus status,
    @Nullable String deviceId,
    @Nullable String assignedHub,
    @Nullable String enrollmentGroupId,
    Instant created,
    Instant lastUpdated,
    String etag,
    @Nullable Integer errorCode,
    @Nullable String errorMessage) {

  /** The only substatus this single-hub emulator produces: every assignment is to the one hub. */
  public static final String INITIAL_ASSIGNMENT = "initialAssignment";

  public DeviceRegistration {
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
    Objects.requireNonNull(etag, "etag");
    if (status == RegistrationStatus.ASSIGNED && (deviceId == null || assignedHub == null)) {
      throw new IllegalArgumentException("an assigned registration names its device and hub");
    }
  }

  /** {@code initialAssignment} when assigned; null otherwise. */
  public @Nullable String substatus() {
    return status == RegistrationStatus.ASSIGNED ? INITIAL_ASSIGNMENT : null;
  }

  public boolean isAssigned() {
    return status == RegistrationStatus.ASSIGNED;
  }
}
