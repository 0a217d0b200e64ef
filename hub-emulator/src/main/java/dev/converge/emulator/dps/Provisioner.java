package dev.converge.emulator.dps;

import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.identity.RegistryException;
import dev.converge.emulator.twin.TwinUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns an attested device to the hub: creates its identity with the enrollment's credentials and initial twin, or,
 * when the device already exists, keeps it (twin untouched) and only brings its credentials in line with the
 * enrollment, as DPS re-provisioning does. Records the outcome as the registration's state.
 *
 * <p>Registrations are serialised, so two registrations of one device cannot both create it.
 */
final class Provisioner {

  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

  private final Hub hub;
  private final String hubHostName;
  private final Registrations registrations;
  private final Clock clock;

  Provisioner(Hub hub, String hubHostName, Registrations registrations, Clock clock) {
    this.hub = hub;
    this.hubHostName = hubHostName;
    this.registrations = registrations;
    this.clock = clock;
  }

  synchronized DeviceRegistration provision(EnrollmentMatch match) {
    Instant now = clock.instant();
    Instant created =
        registrations.get(match.registrationId()).map(DeviceRegistration::created).orElse(now);
    DeviceRegistration outcome = match.enabled()
        ? assign(match, created, now)
        : unassigned(match, RegistrationStatus.DISABLED, created, now, null,
            "the enrollment of registration '" + match.registrationId() + "' is disabled");
    registrations.put(outcome);
    hub.changed();
    LOG.info("DPS registration of {}: {}{}", match.registrationId(), outcome.status().wireName(),
        outcome.isAssigned() ? " as device " + outcome.deviceId() : " (" + outcome.errorMessage() + ")");
    return outcome;
  }

  private DeviceRegistration assign(EnrollmentMatch match, Instant created, Instant now) {
    IdentityId id = IdentityId.device(match.deviceId());
    try {
      Optional<Identity> existing = hub.identities().get(id);
      if (existing.isEmpty()) {
        hub.register(id, match.credentials(), true);
        applyInitialTwin(id, match.initialTwin());
      } else if (!existing.get().credentials().equals(match.credentials())) {
        hub.update(id, match.credentials(), existing.get().enabled(), "*");
      }
    } catch (RegistryException e) {
      return unassigned(match, RegistrationStatus.FAILED, created, now, e.errorCode(), e.getMessage());
    }
    return new DeviceRegistration(match.registrationId(), RegistrationStatus.ASSIGNED, match.deviceId(), hubHostName,
        match.enrollmentGroupId(), created, now, etag(), null, null);
  }

  /** The enrollment's twin was checked when it was made, so a refusal here means the rules changed; logged only. */
  private void applyInitialTwin(IdentityId id, InitialTwin twin) {
    if (!twin.tags().isEmpty()) {
      warnIfRejected(id, hub.twins().replaceTags(id, twin.tags().toObjectNode(), "*"));
    }
    if (!twin.desired().isEmpty()) {
      warnIfRejected(id, hub.twins().replaceDesired(id, twin.desired().toObjectNode(), "*"));
    }
  }

  private static void warnIfRejected(IdentityId id, TwinUpdate update) {
    if (update instanceof TwinUpdate.Rejected rejected) {
      LOG.warn("Initial twin of {} not applied: {}", id, rejected.error().message());
    }
  }

  private DeviceRegistration unassigned(EnrollmentMatch match, RegistrationStatus status, Instant created,
      Instant now, @Nullable Integer errorCode, String message) {
    return new DeviceRegistration(match.registrationId(), status, null, null, match.enrollmentGroupId(), created, now,
        etag(), errorCode, message);
  }

  /** DPS etags look like Base64 of a quoted GUID; clients treat them as opaque. */
  private static String etag() {
    String quoted = "\"" + UUID.randomUUID() + "\"";
    return Base64.getEncoder().encodeToString(quoted.getBytes(StandardCharsets.US_ASCII));
  }
}
