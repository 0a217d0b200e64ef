package dev.converge.emulator.dps;

import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.identity.IdentityRules;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One device's own enrollment. It takes precedence over any group the same registration id would also match, as in
 * DPS.
 *
 * @param registrationId the id the device registers with (for X.509, its certificate's CN); compared ignoring case
 * @param attestation symmetric keys or certificate thumbprints
 * @param deviceId the device id to create in the hub, or null for "same as the registration id"
 * @param initialTwin tags and desired properties given to the device when DPS creates it
 * @param enabled DPS's {@code provisioningStatus}: a disabled enrollment's registrations end in status {@code
 *     disabled}
 */
public record IndividualEnrollment(
    String registrationId, Attestation attestation, @Nullable String deviceId, InitialTwin initialTwin,
    boolean enabled) {

  public IndividualEnrollment {
    RegistrationIdRules.require(Objects.requireNonNull(registrationId, "registrationId"));
    Objects.requireNonNull(attestation, "attestation");
    Objects.requireNonNull(initialTwin, "initialTwin");
    if (deviceId != null) {
      IdentityRules.problem("deviceId", deviceId).ifPresent(p -> {
        throw new IllegalArgumentException(p);
      });
    }
  }

  /** An enabled enrollment with symmetric keys, no fixed device id and no initial twin. */
  public static IndividualEnrollment symmetricKey(String registrationId, AccessKeys keys) {
    return new IndividualEnrollment(registrationId, Attestation.symmetricKey(keys), null, InitialTwin.none(), true);
  }

  /** An enabled enrollment for the device presenting {@code certificate}, matched by its SHA-1 thumbprint. */
  public static IndividualEnrollment x509(String registrationId, X509Certificate certificate) {
    return new IndividualEnrollment(registrationId, Attestation.x509(certificate), null, InitialTwin.none(), true);
  }

  public IndividualEnrollment withDeviceId(@Nullable String newDeviceId) {
    return new IndividualEnrollment(registrationId, attestation, newDeviceId, initialTwin, enabled);
  }

  public IndividualEnrollment withInitialTwin(InitialTwin twin) {
    return new IndividualEnrollment(registrationId, attestation, deviceId, twin, enabled);
  }

  public IndividualEnrollment withEnabled(boolean isEnabled) {
    return new IndividualEnrollment(registrationId, attestation, deviceId, initialTwin, isEnabled);
  }

  /** The device id DPS assigns: the fixed one, else the registration id. */
  public String assignedDeviceId() {
    return deviceId == null ? registrationId : deviceId;
  }
}
