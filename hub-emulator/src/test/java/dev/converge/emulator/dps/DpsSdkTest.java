package dev.converge.emulator.dps;

import static com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol.HTTPS;
import static com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol.MQTT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientStatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientSubstatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol;
import com.microsoft.azure.sdk.iot.provisioning.device.internal.exceptions.ProvisioningDeviceHubException;
import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.SdkClients;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.DeviceCertificates;
import dev.converge.emulator.tls.Thumbprint;
import dev.converge.emulator.twin.TwinSnapshot;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified provisioning client 2.1.3 (MQTT on 8883, HTTPS on 443) against the emulated DPS, and the device SDK
 * 2.5.0 connecting with what DPS assigned.
 */
class DpsSdkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir static Path dir;
  private static HubWithHttps emulator;

  @BeforeAll
  static void start() {
    emulator = HubWithHttps.start(dir);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void symmetric_key_enrollment_provisions_over_mqtt_and_the_device_connects() throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    dps().enroll(IndividualEnrollment.symmetricKey("sym-mqtt", keys).withDeviceId("sym-mqtt-device"));

    Provisioning.Outcome outcome = register(MQTT, Provisioning.symmetricKey(hub(), "sym-mqtt", keys.primary()));

    assertThat(outcome.error()).isNull();
    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
    assertThat(outcome.result().getIothubUri()).isEqualTo(emulator.hostName());
    assertThat(outcome.result().getDeviceId()).isEqualTo("sym-mqtt-device");
    assertThat(outcome.result().getRegistrationId()).isEqualTo("sym-mqtt");
    assertThat(outcome.result().getSubstatus()).isEqualTo(ProvisioningDeviceClientSubstatus.INITIAL_ASSIGNMENT);
    assertThat(identity("sym-mqtt-device").credentials())
        .isEqualTo(new Credentials.SymmetricKey(keys.primary(), keys.secondary()));
    assertThat(dps().registration("sym-mqtt")).get().extracting(DeviceRegistration::status)
        .isEqualTo(RegistrationStatus.ASSIGNED);
    assertConnects(Provisioning.deviceClient(hub(), outcome.result(), keys.secondary()));
  }

  @Test
  void symmetric_key_enrollment_provisions_over_https() throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    dps().enroll(IndividualEnrollment.symmetricKey("sym-https", keys));

    Provisioning.Outcome outcome = register(HTTPS, Provisioning.symmetricKey(hub(), "sym-https", keys.primary()));

    assertThat(outcome.error()).isNull();
    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
    assertThat(outcome.result().getDeviceId()).isEqualTo("sym-https");
    assertConnects(Provisioning.deviceClient(hub(), outcome.result(), keys.primary()));

    assertThat(dps().removeIndividualEnrollment("sym-https")).isTrue();
    assertThat(dps().registration("sym-https")).as("DPS forgets the registration").isEmpty();
    assertThat(identity("sym-https")).as("the hub keeps the device").isNotNull();
    assertThat(register(HTTPS, Provisioning.symmetricKey(hub(), "sym-https", keys.primary())).status())
        .isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ERROR);
  }

  @Test
  void group_enrollment_admits_the_derived_key_and_refuses_others() throws Exception {
    AccessKeys group = AccessKeys.generate(RANDOM);
    dps().enroll(EnrollmentGroup.symmetricKey("floor-3", group));
    String derived = AccessKeys.deriveDeviceKey(group.primary(), "grp-dev-1");

    Provisioning.Outcome outcome = register(MQTT, Provisioning.symmetricKey(hub(), "grp-dev-1", derived));

    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
    assertThat(outcome.result().getDeviceId()).isEqualTo("grp-dev-1");
    assertThat(((Credentials.SymmetricKey) identity("grp-dev-1").credentials()).primaryKey()).isEqualTo(derived);
    assertThat(dps().registration("grp-dev-1").orElseThrow().enrollmentGroupId()).isEqualTo("floor-3");
    assertConnects(Provisioning.deviceClient(hub(), outcome.result(), derived));

    String otherGroupsKey = AccessKeys.deriveDeviceKey(AccessKeys.newKey(RANDOM), "grp-dev-2");
    assertRefused(register(MQTT, Provisioning.symmetricKey(hub(), "grp-dev-2", otherGroupsKey)), "grp-dev-2");
    // The group key itself is no device key: a device must never be handed it.
    assertRefused(register(HTTPS, Provisioning.symmetricKey(hub(), "grp-dev-3", group.primary())), "grp-dev-3");

    assertThat(dps().removeEnrollmentGroup("FLOOR-3")).isTrue();
    assertThat(dps().registration("grp-dev-1")).isEmpty();
    assertThat(identity("grp-dev-1")).as("the hub keeps the device").isNotNull();
  }

  @Test
  void x509_enrollment_provisions_and_the_device_connects_with_its_certificate() throws Exception {
    CertifiedKey certificate = DeviceCertificates.selfSigned("x509-dev", Clock.systemUTC());
    dps().enroll(IndividualEnrollment.x509("x509-dev", certificate.certificate()));

    Provisioning.Outcome outcome = register(MQTT, Provisioning.x509(hub(), certificate));

    assertThat(outcome.error()).isNull();
    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
    assertThat(outcome.result().getDeviceId()).isEqualTo("x509-dev");
    assertThat(identity("x509-dev").credentials()).isInstanceOfSatisfying(Credentials.X509Thumbprint.class,
        prints -> assertThat(prints.accepts(Thumbprint.sha1(certificate.certificate()).hex())).isTrue());
    assertConnects(Provisioning.deviceClient(hub(), outcome.result(), certificate));

    Provisioning.Outcome again = register(HTTPS, Provisioning.x509(hub(), certificate));
    assertThat(again.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);

    CertifiedKey impostor = DeviceCertificates.selfSigned("x509-dev", Clock.systemUTC());
    assertThat(register(MQTT, Provisioning.x509(hub(), impostor)).status())
        .isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ERROR);
    assertThat(register(HTTPS, Provisioning.x509(hub(), impostor)).status())
        .isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ERROR);
  }

  @Test
  void initial_twin_is_applied_once_and_the_device_sees_it() throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    InitialTwin initial = InitialTwin.of(JSON.readTree("{\"site\":\"lab\"}"), JSON.readTree("{\"mode\":\"eco\"}"));
    dps().enroll(IndividualEnrollment.symmetricKey("twin-dev", keys).withInitialTwin(initial));

    Provisioning.Outcome outcome = register(MQTT, Provisioning.symmetricKey(hub(), "twin-dev", keys.primary()));

    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
    IdentityId id = IdentityId.device("twin-dev");
    assertThat(hub().hub().twins().get(id).orElseThrow().tags().get("site").asText()).isEqualTo("lab");
    DeviceClient client = Provisioning.deviceClient(hub(), outcome.result(), keys.primary());
    try {
      client.open(false);
      client.subscribeToDesiredProperties((twin, context) -> {}, null);
      Twin twin = SdkClients.twin(client);
      assertThat(twin.getDesiredProperties().get("mode")).isEqualTo("eco");
    } finally {
      client.close();
    }

    hub().hub().twins().patchDesired(id, JSON.readTree("{\"mode\":\"boost\"}"), "*");
    Provisioning.Outcome again = register(HTTPS, Provisioning.symmetricKey(hub(), "twin-dev", keys.primary()));
    assertThat(again.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);
    TwinSnapshot kept = hub().hub().twins().get(id).orElseThrow();
    assertThat(kept.desired().get("mode").asText()).as("re-registration keeps the twin").isEqualTo("boost");
  }

  @Test
  void unknown_registration_and_another_id_scope_are_refused() throws Exception {
    String key = AccessKeys.newKey(RANDOM);
    assertRefused(register(MQTT, Provisioning.symmetricKey(hub(), "nobody", key)), "nobody");
    assertRefused(register(HTTPS, Provisioning.symmetricKey(hub(), "nobody", key)), "nobody");

    AccessKeys keys = AccessKeys.generate(RANDOM);
    dps().enroll(IndividualEnrollment.symmetricKey("scoped", keys));
    for (ProvisioningDeviceClientTransportProtocol protocol : new ProvisioningDeviceClientTransportProtocol[] {MQTT,
        HTTPS}) {
      Provisioning.Outcome outcome = Provisioning.register(emulator.bindAddress(), "0ne00OTHER", protocol,
          Provisioning.symmetricKey(hub(), "scoped", keys.primary()));
      assertThat(outcome.status()).as(protocol.name())
          .isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ERROR);
    }
    assertThat(hub().hub().identities().get(IdentityId.device("scoped"))).isEmpty();
  }

  @Test
  void disabled_enrollment_ends_in_status_disabled_without_a_device() throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    dps().enroll(IndividualEnrollment.symmetricKey("off-dev", keys).withEnabled(false));

    Provisioning.Outcome outcome = register(MQTT, Provisioning.symmetricKey(hub(), "off-dev", keys.primary()));

    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_DISABLED);
    assertThat(outcome.error()).isInstanceOf(ProvisioningDeviceHubException.class);
    assertThat(hub().hub().identities().get(IdentityId.device("off-dev"))).isEmpty();
    assertThat(dps().registration("off-dev").orElseThrow().status()).isEqualTo(RegistrationStatus.DISABLED);
  }

  @Test
  void enrollments_survive_a_hub_restart() throws Exception {
    AccessKeys individual = AccessKeys.generate(RANDOM);
    AccessKeys group = AccessKeys.generate(RANDOM);
    InitialTwin initial = InitialTwin.of(JSON.readTree("{\"ring\":1}"), JSON.readTree("{\"x\":{\"y\":2}}"));
    IndividualEnrollment kept = IndividualEnrollment.symmetricKey("keep-me", individual).withInitialTwin(initial);
    dps().enroll(kept);
    dps().enroll(EnrollmentGroup.symmetricKey("restart-group", group).withEnabled(true));

    emulator.restart();

    assertThat(dps().individualEnrollment("KEEP-ME")).contains(kept);
    assertThat(dps().enrollmentGroup("restart-group")).contains(EnrollmentGroup.symmetricKey("restart-group", group));
    String derived = AccessKeys.deriveDeviceKey(group.secondary(), "after-restart");
    Provisioning.Outcome outcome = register(MQTT, Provisioning.symmetricKey(hub(), "after-restart", derived));
    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED);

    emulator.restart();
    assertThat(dps().registration("after-restart")).get().extracting(DeviceRegistration::deviceId)
        .isEqualTo("after-restart");
  }

  private static Provisioning.Outcome register(ProvisioningDeviceClientTransportProtocol protocol,
      com.microsoft.azure.sdk.iot.provisioning.security.SecurityProvider device) throws Exception {
    return Provisioning.register(emulator.bindAddress(), dps().idScope(), protocol, device);
  }

  private static void assertRefused(Provisioning.Outcome outcome, String registrationId) {
    assertThat(outcome.status()).isEqualTo(ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ERROR);
    assertThat(outcome.error()).isNotNull();
    assertThat(hub().hub().identities().get(IdentityId.device(registrationId))).isEmpty();
    assertThat(dps().registration(registrationId)).isEmpty();
  }

  private static void assertConnects(DeviceClient client) throws Exception {
    try {
      client.open(false);
      client.subscribeToDesiredProperties((twin, context) -> {}, null);
      assertThat(SdkClients.twin(client)).isNotNull();
    } finally {
      client.close();
    }
  }

  private static Identity identity(String deviceId) {
    Optional<Identity> found = hub().hub().identities().get(IdentityId.device(deviceId));
    assertThat(found).as("device " + deviceId + " in the hub").isPresent();
    return found.get();
  }

  private static LocalHub hub() {
    return emulator.hub();
  }

  private static Dps dps() {
    return hub().dps();
  }
}
