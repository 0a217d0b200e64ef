package dev.converge.emulator.dps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.auth.SasToken;
import dev.converge.emulator.auth.SasVerifier;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.DeviceCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DPS rules without a network: attestation, assignment, the wire JSON, and durable state. */
class DpsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SCOPE = "0ne00TEST01";
  private static final String HUB = "hub.azure-devices.net";

  @TempDir Path dir;
  private Hub hub;
  private Dps dps;
  private Enrollments enrollments;
  private Attester attester;
  private RuntimeRegistration runtime;

  @BeforeEach
  void start() {
    hub = new Hub(CLOCK, dir.resolve("state.json"), 10);
    dps = new Dps(hub, SCOPE, HUB);
    hub.load();
    // The same parts Dps wires, over its own enrollments, to reach package-private behaviour directly.
    enrollments = new Enrollments();
    attester = new Attester(SCOPE, enrollments, new SasVerifier(CLOCK));
    runtime = new RuntimeRegistration(new Provisioner(hub, HUB, new Registrations(), CLOCK), new Operations(), CLOCK);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void individual_enrollment_admits_either_of_its_keys_and_nothing_else() {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    enrollments.put(IndividualEnrollment.symmetricKey("dev-1", keys));

    assertThat(attester.attest("dev-1", token("dev-1", keys.primary()), null)).isInstanceOf(Attested.Enrolled.class);
    assertThat(attester.attest("DEV-1", token("DEV-1", keys.secondary()), null))
        .as("registration ids ignore case").isInstanceOf(Attested.Enrolled.class);
    assertThat(attester.attest("dev-1", token("dev-1", AccessKeys.newKey(RANDOM)), null))
        .isInstanceOf(Attested.Refused.class);
    assertThat(attester.attest("dev-1", token("dev-2", keys.primary()), null))
        .as("a token for another registration").isInstanceOf(Attested.Refused.class);
    assertThat(attester.attest("dev-1", null, null)).isInstanceOf(Attested.Refused.class);
  }

  @Test
  void tokens_for_another_scope_or_expired_are_refused() {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    enrollments.put(IndividualEnrollment.symmetricKey("dev-1", keys));
    String otherScope =
        SasToken.sign("0ne00OTHER/registrations/dev-1", keys.primary(), NOW.plusSeconds(60), "registration").text();
    String expired = SasToken.sign(SCOPE + "/registrations/dev-1", keys.primary(), NOW, "registration").text();

    assertThat(attester.attest("dev-1", otherScope, null)).isInstanceOf(Attested.Refused.class);
    assertThat(attester.attest("dev-1", expired, null)).isInstanceOf(Attested.Refused.class);
  }

  @Test
  void group_admits_the_key_derived_for_the_registration_id_only() {
    AccessKeys group = AccessKeys.generate(RANDOM);
    enrollments.put(EnrollmentGroup.symmetricKey("group-a", group));
    String derived = AccessKeys.deriveDeviceKey(group.primary(), "sensor-7");

    Attested attested = attester.attest("sensor-7", token("sensor-7", derived), null);

    assertThat(attested).isInstanceOfSatisfying(Attested.Enrolled.class, e -> {
      assertThat(e.match().enrollmentGroupId()).isEqualTo("group-a");
      assertThat(e.match().deviceId()).isEqualTo("sensor-7");
      assertThat(e.match().credentials()).isEqualTo(new Credentials.SymmetricKey(
          derived, AccessKeys.deriveDeviceKey(group.secondary(), "sensor-7")));
    });
    assertThat(attester.attest("sensor-8", token("sensor-8", derived), null)).isInstanceOf(Attested.Refused.class);
    assertThat(attester.attest("sensor-7", token("sensor-7", group.primary()), null))
        .as("the group key is not a device key").isInstanceOf(Attested.Refused.class);
  }

  @Test
  void individual_enrollment_takes_precedence_over_a_group() {
    AccessKeys group = AccessKeys.generate(RANDOM);
    AccessKeys own = AccessKeys.generate(RANDOM);
    enrollments.put(EnrollmentGroup.symmetricKey("group-a", group));
    enrollments.put(IndividualEnrollment.symmetricKey("special", own));

    assertThat(attester.attest("special", token("special", AccessKeys.deriveDeviceKey(group.primary(), "special")),
        null)).isInstanceOf(Attested.Refused.class);
    assertThat(attester.attest("special", token("special", own.primary()), null))
        .isInstanceOfSatisfying(Attested.Enrolled.class, e -> assertThat(e.match().enrollmentGroupId()).isNull());
  }

  @Test
  void x509_enrollment_admits_its_certificate_only() {
    CertifiedKey enrolled = DeviceCertificates.selfSigned("cam-1", CLOCK);
    CertifiedKey other = DeviceCertificates.selfSigned("cam-1", CLOCK);
    enrollments.put(IndividualEnrollment.x509("cam-1", enrolled.certificate()));

    assertThat(attester.attest("cam-1", null, enrolled.certificate())).isInstanceOfSatisfying(Attested.Enrolled.class,
        e -> assertThat(e.match().credentials()).isInstanceOf(Credentials.X509Thumbprint.class));
    assertThat(attester.attest("cam-1", null, other.certificate())).isInstanceOf(Attested.Refused.class);
    assertThat(attester.attest("cam-1", token("cam-1", AccessKeys.newKey(RANDOM)), null))
        .as("a SAS token for an X.509 enrollment").isInstanceOf(Attested.Refused.class);
  }

  @Test
  void register_answers_202_assigning_and_the_operation_200_with_the_registration_state() throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    EnrollmentMatch match = admitted(IndividualEnrollment.symmetricKey("dev-1", keys).withDeviceId("device-one"));

    DpsReply registered = runtime.register(match, "{\"registrationId\":\"dev-1\"}".getBytes(StandardCharsets.UTF_8));
    JsonNode accepted = JSON.readTree(registered.body());
    assertThat(registered.status()).isEqualTo(202);
    assertThat(accepted.path("status").asText()).isEqualTo("assigning");

    DpsReply status = runtime.operationStatus(match, accepted.path("operationId").asText());
    JsonNode done = JSON.readTree(status.body());
    assertThat(status.status()).isEqualTo(200);
    assertThat(done.path("operationId").asText()).isEqualTo(accepted.path("operationId").asText());
    assertThat(done.path("status").asText()).isEqualTo("assigned");
    JsonNode state = done.path("registrationState");
    assertThat(state.path("registrationId").asText()).isEqualTo("dev-1");
    assertThat(state.path("assignedHub").asText()).isEqualTo(HUB);
    assertThat(state.path("deviceId").asText()).isEqualTo("device-one");
    assertThat(state.path("status").asText()).isEqualTo("assigned");
    assertThat(state.path("substatus").asText()).isEqualTo("initialAssignment");
    assertThat(state.path("createdDateTimeUtc").asText()).isEqualTo(NOW.toString());
    assertThat(state.path("lastUpdatedDateTimeUtc").asText()).isEqualTo(NOW.toString());
    assertThat(state.path("etag").asText()).isNotEmpty();
  }

  @Test
  void operations_are_private_to_their_registration_and_bodies_must_match() throws Exception {
    EnrollmentMatch one = admitted(IndividualEnrollment.symmetricKey("dev-1", AccessKeys.generate(RANDOM)));
    EnrollmentMatch two = admitted(IndividualEnrollment.symmetricKey("dev-2", AccessKeys.generate(RANDOM)));
    String operationId = JSON.readTree(runtime.register(one, new byte[0]).body()).path("operationId").asText();

    assertThat(runtime.operationStatus(two, operationId).status()).isEqualTo(404);
    assertThat(runtime.operationStatus(one, "4.nope").status()).isEqualTo(404);
    DpsReply mismatch = runtime.register(one, "{\"registrationId\":\"dev-2\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(mismatch.status()).isEqualTo(400);
    assertThat(JSON.readTree(mismatch.body()).path("errorCode").asInt()).isEqualTo(400000);
    assertThat(runtime.register(one, "not json".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
  }

  @Test
  void assignment_applies_the_initial_twin_once_and_keeps_the_device_afterwards() throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    InitialTwin twin = InitialTwin.of(JSON.readTree("{\"site\":\"lab\"}"), JSON.readTree("{\"mode\":\"eco\"}"));
    IndividualEnrollment enrollment = IndividualEnrollment.symmetricKey("dev-1", keys).withInitialTwin(twin);
    IdentityId id = IdentityId.device("dev-1");

    runtime.register(admitted(enrollment), new byte[0]);
    assertThat(hub.twins().get(id).orElseThrow().desired().get("mode").asText()).isEqualTo("eco");
    assertThat(hub.twins().get(id).orElseThrow().tags().get("site").asText()).isEqualTo("lab");
    String generation = hub.identities().get(id).orElseThrow().generationId();

    hub.twins().patchDesired(id, JSON.readTree("{\"mode\":\"boost\"}"), "*");
    AccessKeys rotated = AccessKeys.generate(RANDOM);
    runtime.register(admitted(IndividualEnrollment.symmetricKey("dev-1", rotated).withInitialTwin(twin)), new byte[0]);

    assertThat(hub.twins().get(id).orElseThrow().desired().get("mode").asText()).isEqualTo("boost");
    assertThat(hub.identities().get(id).orElseThrow().generationId()).as("same device").isEqualTo(generation);
    assertThat(hub.identities().get(id).orElseThrow().credentials())
        .as("credentials follow the enrollment")
        .isEqualTo(new Credentials.SymmetricKey(rotated.primary(), rotated.secondary()));
  }

  @Test
  void disabled_enrollment_creates_no_device() throws Exception {
    EnrollmentMatch match =
        admitted(IndividualEnrollment.symmetricKey("dev-1", AccessKeys.generate(RANDOM)).withEnabled(false));
    String operationId = JSON.readTree(runtime.register(match, new byte[0]).body()).path("operationId").asText();

    JsonNode done = JSON.readTree(runtime.operationStatus(match, operationId).body());
    assertThat(done.path("status").asText()).isEqualTo("disabled");
    assertThat(done.path("registrationState").path("status").asText()).isEqualTo("disabled");
    assertThat(done.path("registrationState").has("deviceId")).isFalse();
    assertThat(hub.identities().get(IdentityId.device("dev-1"))).isEmpty();
  }

  @Test
  void enrollments_and_registrations_are_saved_and_loaded() throws Exception {
    CertifiedKey certificate = DeviceCertificates.selfSigned("cam-1", CLOCK);
    InitialTwin twin = InitialTwin.of(JSON.readTree("{\"a\":[1,2]}"), JSON.readTree("{\"b\":{\"c\":true}}"));
    IndividualEnrollment symmetric =
        IndividualEnrollment.symmetricKey("dev-1", AccessKeys.generate(RANDOM)).withDeviceId("d1")
            .withInitialTwin(twin);
    IndividualEnrollment x509 = IndividualEnrollment.x509("cam-1", certificate.certificate()).withEnabled(false);
    EnrollmentGroup group = EnrollmentGroup.symmetricKey("group-a", AccessKeys.generate(RANDOM)).withInitialTwin(twin);
    dps.enroll(symmetric);
    dps.enroll(x509);
    dps.enroll(group);
    hub.close();

    Hub reloaded = new Hub(CLOCK, dir.resolve("state.json"), 10);
    Dps again = new Dps(reloaded, SCOPE, HUB);
    reloaded.load();
    try {
      assertThat(again.individualEnrollments()).containsExactly(x509, symmetric);
      assertThat(again.enrollmentGroups()).containsExactly(group);
    } finally {
      reloaded.close();
    }

    Registrations registrations = new Registrations();
    DeviceRegistration assigned = new DeviceRegistration("dev-1", RegistrationStatus.ASSIGNED, "d1", HUB, "group-a",
        NOW, NOW.plusSeconds(5), "ImV0YWci", null, null);
    DeviceRegistration failed = new DeviceRegistration("dev-2", RegistrationStatus.FAILED, null, null, null, NOW, NOW,
        "ImV0YWci", 409001, "device dev-2 already exists");
    registrations.put(assigned);
    registrations.put(failed);
    Registrations loaded = new Registrations();
    new DpsState(new Enrollments(), loaded).load(new DpsState(new Enrollments(), registrations).save());
    assertThat(loaded.all()).containsExactly(assigned, failed);
  }

  @Test
  void enrollments_are_removed_by_id_ignoring_case() {
    dps.enroll(IndividualEnrollment.symmetricKey("dev-1", AccessKeys.generate(RANDOM)));
    assertThat(dps.removeIndividualEnrollment("DEV-1")).isTrue();
    assertThat(dps.removeIndividualEnrollment("dev-1")).isFalse();
    assertThat(dps.individualEnrollments()).isEmpty();
  }

  @Test
  void ids_and_initial_twins_are_checked_when_enrolling() throws Exception {
    AccessKeys keys = AccessKeys.generate(RANDOM);
    assertThatThrownBy(() -> IndividualEnrollment.symmetricKey("-dev", keys))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndividualEnrollment.symmetricKey("dev/1", keys))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndividualEnrollment.symmetricKey("dev", keys).withDeviceId("a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InitialTwin.of(JSON.readTree("{}"), JSON.readTree("{\"$bad\":1}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RegistrationIdRules.problem("a.b_c-d:e")).isEmpty();
  }

  private EnrollmentMatch admitted(IndividualEnrollment enrollment) {
    enrollments.put(enrollment);
    AccessKeys keys = ((Attestation.SymmetricKey) enrollment.attestation()).keys();
    Attested attested = attester.attest(enrollment.registrationId(),
        token(enrollment.registrationId(), keys.primary()), null);
    return ((Attested.Enrolled) attested).match();
  }

  /** A token as the Java provisioning client signs it: {@code sr} unencoded, empty {@code skn}. */
  private static String token(String registrationId, String key) {
    return SasToken.sign(SCOPE + "/registrations/" + registrationId, key, NOW.plus(Duration.ofHours(1)), "").text();
  }
}
