package dev.converge.agent.daemon;

import static dev.converge.agent.daemon.AgentMissedPatchTest.file;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.config.IdentitySpec;
import dev.converge.agent.config.SdkTuning;
import dev.converge.agent.config.TwinMode;
import dev.converge.agent.identity.HubIdentity;
import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.dps.DeviceRegistration;
import dev.converge.emulator.dps.IndividualEnrollment;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.DeviceCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provisioning through DPS with the official provisioning client ({@code DpsSource}) against the local DPS: the
 * agent registers, connects to the hub DPS assigned, converges, and keeps the assignment in
 * {@code <data>/provisioning.json} so a restart connects without registering again.
 */
@ExtendWith(LocalHubExtension.class)
class AgentDpsTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  @Test
  void a_symmetric_key_enrollment_provisions_the_agent_which_converges_and_reuses_the_assignment_after_a_restart(
      LocalHub hub) throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    hub.dps().enroll(IndividualEnrollment.symmetricKey("dps-sym", keys).withDeviceId("dps-sym-device"));
    AgentConfig config = dpsConfig(hub, "dps-sym", new IdentitySpec.SymmetricKey(keys.primary()));

    try (DeviceUnderTest d = DeviceUnderTest.withConfig(hub, IdentityId.device("dps-sym-device"), config)
        .started()) {
      HubIdentity identity = d.agent.identity().orElseThrow();
      assertThat(identity.hostName()).isEqualTo(hub.config().hostName());
      assertThat(identity.deviceId()).isEqualTo("dps-sym-device");
      assertThat(identity.gateway()).as("a device on a real hub: no gateway").isEmpty();
      assertConverges(d, "provisioned");
      JsonNode saved = DeviceUnderTest.JSON.readTree(d.data.resolve("provisioning.json").toFile());
      assertThat(saved.path("hub").asText()).isEqualTo(hub.config().hostName());
      assertThat(saved.path("deviceId").asText()).isEqualTo("dps-sym-device");
      assertThat(saved.path("registrationId").asText()).isEqualTo("dps-sym");
      assertThat(saved.path("idScope").asText()).isEqualTo(hub.dps().idScope());
      assertThat(saved.toString()).as("no key in the assignment file").doesNotContain(keys.primary());
      String registered = hub.dps().registration("dps-sym").map(DeviceRegistration::etag).orElseThrow();

      d.restartAgent();

      assertThat(hub.dps().registration("dps-sym").map(DeviceRegistration::etag)).as("not registered again")
          .contains(registered);
      assertConverges(d, "after the restart");
    }
  }

  @Test
  void an_x509_enrollment_provisions_the_agent_which_converges_with_its_certificate(LocalHub hub) throws Exception {
    CertifiedKey certificate = DeviceCertificates.selfSigned("dps-x509", Clock.systemUTC());
    hub.dps().enroll(IndividualEnrollment.x509("dps-x509", certificate.certificate()));
    Path pem = dir.resolve("dps-x509.pem");
    Files.writeString(pem, certificate.toPem());
    AgentConfig config = dpsConfig(hub, "dps-x509", new IdentitySpec.X509(pem, pem));

    try (DeviceUnderTest d = DeviceUnderTest.withConfig(hub, IdentityId.device("dps-x509"), config).started()) {
      assertThat(d.agent.identity().orElseThrow().credential()).isInstanceOf(HubIdentity.Certificate.class);
      assertThat(hub.hub().identities().get(IdentityId.device("dps-x509")).orElseThrow().credentials())
          .isInstanceOf(Credentials.X509Thumbprint.class);
      assertConverges(d, "x509");
      assertThat(d.data.resolve("provisioning.json")).exists();
      String registered = hub.dps().registration("dps-x509").map(DeviceRegistration::etag).orElseThrow();

      d.restartAgent();

      assertThat(hub.dps().registration("dps-x509").map(DeviceRegistration::etag)).contains(registered);
      assertConverges(d, "x509 after the restart");
    }
  }

  @Test
  void a_device_the_hub_no_longer_accepts_registers_again_and_connects_as_the_device_dps_assigns_now(LocalHub hub)
      throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    hub.dps().enroll(IndividualEnrollment.symmetricKey("dps-moved", keys).withDeviceId("dps-old"));
    AgentConfig config = dpsConfig(hub, "dps-moved", new IdentitySpec.SymmetricKey(keys.primary()));
    config = config.withSdk(config.sdk().withReconnectTimeout(Duration.ofSeconds(3)));
    try (DeviceUnderTest d = DeviceUnderTest.withConfig(hub, IdentityId.device("dps-old"), config).started()) {
      assertConverges(d, "as dps-old");

      moveEnrollment(hub, keys);

      d.await("the agent to register again and connect as dps-new", () -> d.agent.isConnected()
          && d.agent.identity().map(i -> i.deviceId().equals("dps-new")).orElse(false));
      JsonNode saved = DeviceUnderTest.JSON.readTree(d.data.resolve("provisioning.json").toFile());
      assertThat(saved.path("deviceId").asText()).isEqualTo("dps-new");
      assertThat(d.agent.connectionState()).isEqualTo("connected");
    }
  }

  @Test
  void after_dps_assigns_another_device_its_desired_state_converges(LocalHub hub) throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    hub.dps().enroll(IndividualEnrollment.symmetricKey("dps-moved", keys).withDeviceId("dps-old"));
    AgentConfig config = dpsConfig(hub, "dps-moved", new IdentitySpec.SymmetricKey(keys.primary()));
    config = config.withSdk(config.sdk().withReconnectTimeout(Duration.ofSeconds(3)));
    try (DeviceUnderTest d = DeviceUnderTest.withConfig(hub, IdentityId.device("dps-old"), config).started()) {
      assertConverges(d, "as dps-old");
      moveEnrollment(hub, keys);
      d.await("the agent to connect as dps-new", () -> d.agent.isConnected()
          && d.agent.identity().map(i -> i.deviceId().equals("dps-new")).orElse(false));

      assertConverges(d.nowAs(IdentityId.device("dps-new")), "as dps-new");
    }
  }

  /** The operator moves the enrollment to a new device id and deletes the old device. */
  private static void moveEnrollment(LocalHub hub, AccessKeys keys) {
    hub.dps().enroll(IndividualEnrollment.symmetricKey("dps-moved", keys).withDeviceId("dps-new"));
    hub.hub().deregister(IdentityId.device("dps-old"), "*");
  }

  private static void assertConverges(DeviceUnderTest d, String content) {
    d.patchDesired(file("motd", "/etc/motd", content));
    d.awaitStatus("files", "succeeded");
    assertThat(d.file("/etc/motd")).isEqualTo(content);
  }

  /** DPS at the hub's address (DPS and the hub share port 8883, told apart by the MQTT user name). */
  private AgentConfig dpsConfig(LocalHub hub, String registrationId, IdentitySpec.Attestation attestation) {
    IdentitySpec.Dps dps = new IdentitySpec.Dps(hub.config().bindAddress(), hub.dps().idScope(), registrationId,
        attestation);
    AgentConfig config = new AgentConfig(dps, Optional.of(hub.caFile()), TwinMode.DEVICE, Optional.empty(),
        List.of(), dir.resolve(registrationId + "-root"), dir.resolve(registrationId + "-data"), "info",
        SdkTuning.DEFAULTS, Duration.ZERO, true);
    return DeviceUnderTest.fast(config);
  }
}
