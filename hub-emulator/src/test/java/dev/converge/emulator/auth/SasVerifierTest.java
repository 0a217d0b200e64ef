package dev.converge.emulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSasToken;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SasVerifierTest {

  private static final String HUB = "localhub.azure-devices.net";
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long IN_AN_HOUR = NOW.getEpochSecond() + 3600;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final AccessKeys keys = AccessKeys.generate(RANDOM);
  private final SasVerifier verifier = new SasVerifier(Clock.fixed(NOW, ZoneOffset.UTC));

  /** A token made by the device SDK's own signer, exactly as it goes into the MQTT password. */
  private static String sdkDeviceToken(String deviceId, String moduleId, String key, long expiry) {
    return new IotHubSasToken(HUB, deviceId, key, null, moduleId, expiry).toString();
  }

  @Test
  void accepts_a_device_token_from_the_device_sdk() {
    String token = sdkDeviceToken("dev1", null, keys.primary(), IN_AN_HOUR);

    SasVerdict verdict = verifier.verify(token, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys));

    assertThat(token).endsWith("&sr=" + HUB + "/devices/dev1").doesNotContain("skn");
    assertThat(verdict).isEqualTo(
        new SasVerdict.Accepted(AccessKeys.Slot.PRIMARY, null, Instant.ofEpochSecond(IN_AN_HOUR)));
  }

  @Test
  void accepts_a_module_token_from_the_device_sdk() {
    String token = sdkDeviceToken("dev1", "m1", keys.primary(), IN_AN_HOUR);

    SasVerdict verdict = verifier.verify(token, ResourceUri.module(HUB, "dev1", "m1"), Keyring.ofIdentity(keys));

    assertThat(token).endsWith("&sr=" + HUB + "/devices/dev1/modules/m1");
    assertThat(verdict.isAccepted()).as(verdict.message()).isTrue();
  }

  @Test
  void signs_the_sdk_encoded_resource_as_sent_and_matches_the_decoded_device_id() {
    // The SDK URL-encodes each path segment: "dev 1+x" goes out as "dev+1%2Bx" and is signed in that form.
    String token = sdkDeviceToken("dev 1+x", null, keys.primary(), IN_AN_HOUR);

    SasVerdict verdict = verifier.verify(token, ResourceUri.device(HUB, "dev 1+x"), Keyring.ofIdentity(keys));

    assertThat(token).endsWith("/devices/dev+1%2Bx");
    assertThat(verdict.isAccepted()).as(verdict.message()).isTrue();
  }

  @Test
  void accepts_the_secondary_key() {
    String token = sdkDeviceToken("dev1", null, keys.secondary(), IN_AN_HOUR);

    SasVerdict verdict = verifier.verify(token, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys));

    assertThat(verdict).isInstanceOfSatisfying(
        SasVerdict.Accepted.class, a -> assertThat(a.slot()).isEqualTo(AccessKeys.Slot.SECONDARY));
  }

  @Test
  void rejects_a_token_signed_with_another_key() {
    String token = sdkDeviceToken("dev1", null, AccessKeys.newKey(RANDOM), IN_AN_HOUR);

    SasVerdict verdict = verifier.verify(token, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys));

    assertThat(verdict).isEqualTo(new SasVerdict.BadSignature(HUB + "/devices/dev1", null));
    assertThat(verdict.message()).contains("neither key").doesNotContain(keys.primary());
  }

  @Test
  void rejects_an_expired_token_and_one_expiring_right_now() {
    String expired = sdkDeviceToken("dev1", null, keys.primary(), NOW.getEpochSecond() - 1);
    String now = sdkDeviceToken("dev1", null, keys.primary(), NOW.getEpochSecond());

    assertThat(verifier.verify(expired, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)))
        .isEqualTo(new SasVerdict.Expired(NOW.minusSeconds(1), NOW));
    assertThat(verifier.verify(now, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)))
        .isInstanceOf(SasVerdict.Expired.class);
    assertThat(new SasVerifier(Clock.fixed(NOW.minusMillis(1), ZoneOffset.UTC))
            .verify(now, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)).isAccepted())
        .isTrue();
  }

  @Test
  void a_forged_expired_token_reads_as_a_bad_signature() {
    String token = sdkDeviceToken("dev1", null, AccessKeys.newKey(RANDOM), NOW.getEpochSecond() - 1);

    assertThat(verifier.verify(token, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)))
        .isInstanceOf(SasVerdict.BadSignature.class);
  }

  @Test
  void rejects_another_devices_token_even_with_the_right_key() {
    String other = sdkDeviceToken("dev2", null, keys.primary(), IN_AN_HOUR);
    String prefix = sdkDeviceToken("dev1", null, keys.primary(), IN_AN_HOUR);

    assertThat(verifier.verify(other, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)))
        .isEqualTo(new SasVerdict.WrongResource(HUB + "/devices/dev2", ResourceUri.device(HUB, "dev1")));
    assertThat(verifier.verify(prefix, ResourceUri.device(HUB, "dev10"), Keyring.ofIdentity(keys)))
        .isInstanceOf(SasVerdict.WrongResource.class);
    assertThat(verifier.verify(other, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)).message())
        .contains("sr='" + HUB + "/devices/dev2'", "'" + HUB + "/devices/dev1'");
  }

  @Test
  void an_identity_token_must_name_its_identity_not_a_prefix_of_it() {
    SasToken hubWide = SasToken.sign(HUB, keys.primary(), Instant.ofEpochSecond(IN_AN_HOUR), null);
    SasToken devices = SasToken.sign(HUB + "/devices", keys.primary(), Instant.ofEpochSecond(IN_AN_HOUR), null);
    List<ResourceUri> dev1 = List.of(ResourceUri.device(HUB, "dev1"));

    // Signed with dev1's own key, yet not for dev1: IoT Hub reads the identity from a device token's sr.
    assertThat(verifier.verifyIdentity(hubWide.text(), dev1, Keyring.ofIdentity(keys)))
        .isEqualTo(new SasVerdict.WrongResource(HUB, ResourceUri.device(HUB, "dev1")));
    assertThat(verifier.verifyIdentity(devices.text(), dev1, Keyring.ofIdentity(keys)))
        .isInstanceOf(SasVerdict.WrongResource.class);
    assertThat(verifier.verifyIdentity(sdkDeviceToken("dev1", null, keys.primary(), IN_AN_HOUR), dev1,
        Keyring.ofIdentity(keys)).isAccepted()).isTrue();
  }

  @Test
  void a_module_may_sign_for_its_own_resource_or_its_devices() {
    List<ResourceUri> m1 = List.of(ResourceUri.module(HUB, "dev1", "m1"), ResourceUri.device(HUB, "dev1"));

    assertThat(verifier.verifyIdentity(sdkDeviceToken("dev1", "m1", keys.primary(), IN_AN_HOUR), m1,
        Keyring.ofIdentity(keys)).isAccepted()).isTrue();
    assertThat(verifier.verifyIdentity(sdkDeviceToken("dev1", null, keys.primary(), IN_AN_HOUR), m1,
        Keyring.ofIdentity(keys)).isAccepted()).isTrue();
    assertThat(verifier.verifyIdentity(sdkDeviceToken("dev1", "m2", keys.primary(), IN_AN_HOUR), m1,
        Keyring.ofIdentity(keys))).isInstanceOf(SasVerdict.WrongResource.class);
  }

  @Test
  void rejects_a_module_token_for_the_device_and_for_another_module() {
    String module = sdkDeviceToken("dev1", "m1", keys.primary(), IN_AN_HOUR);

    assertThat(verifier.verify(module, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)))
        .isInstanceOf(SasVerdict.WrongResource.class);
    assertThat(verifier.verify(module, ResourceUri.module(HUB, "dev1", "m2"), Keyring.ofIdentity(keys)))
        .isInstanceOf(SasVerdict.WrongResource.class);
  }

  @Test
  void rejects_a_tampered_signature() {
    String token = sdkDeviceToken("dev1", null, keys.primary(), IN_AN_HOUR);
    // The first letter or digit of the signature (it may start with a percent-escaped '+' or '/'), changed so the
    // token stays well-formed Base64 and only the signature is wrong.
    int sig = token.indexOf("sig=") + 4;
    while (!Character.isLetterOrDigit(token.charAt(sig))) {
      sig += token.charAt(sig) == '%' ? 3 : 1;
    }
    String tampered = token.substring(0, sig) + (token.charAt(sig) == 'A' ? 'B' : 'A') + token.substring(sig + 1);

    assertThat(verifier.verify(tampered, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)))
        .isInstanceOf(SasVerdict.BadSignature.class);
  }

  @Test
  void rejects_a_device_token_that_names_a_policy() {
    String token = SasToken.sign(HUB + "/devices/dev1", keys.primary(), NOW.plusSeconds(60), "device").text();

    SasVerdict verdict = verifier.verify(token, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys));

    assertThat(verdict).isEqualTo(new SasVerdict.PolicyUnknown("device", "[(none)]"));
    assertThat(verdict.message()).contains("skn='device'");
  }

  @Test
  void accepts_a_service_sdk_token_for_any_resource_under_the_hub() throws Exception {
    String host = "LocalHub.azure-devices.net";
    String connectionString =
        "HostName=" + host + ";SharedAccessKeyName=iothubowner;SharedAccessKey=" + keys.primary();
    String token =
        new IotHubServiceSasToken(IotHubConnectionStringBuilder.createIotHubConnectionString(connectionString))
            .toString();
    Keyring policies = Keyring.ofPolicies(Map.of("iothubowner", keys));
    SasVerifier live = new SasVerifier(Clock.systemUTC());

    // The service SDK signs the lower-cased host, URL-encoded, and names its policy.
    assertThat(token).contains("sr=localhub.azure-devices.net&", "&skn=iothubowner");
    assertThat(live.verify(token, ResourceUri.hub(host), policies).isAccepted()).isTrue();
    assertThat(live.verify(token, ResourceUri.module(host, "dev1", "m1"), policies).isAccepted()).isTrue();
    assertThat(live.verify(token, ResourceUri.of(host + "/twins/dev1"), policies).isAccepted()).isTrue();
    assertThat(live.verify(token, ResourceUri.hub("otherhub.azure-devices.net"), policies))
        .isInstanceOf(SasVerdict.WrongResource.class);
    assertThat(live.verify(token, ResourceUri.hub(host), Keyring.ofPolicies(Map.of("service", keys))))
        .isInstanceOf(SasVerdict.PolicyUnknown.class);
  }

  @Test
  void a_policy_may_connect_as_a_device_when_the_hub_allows_it() {
    AccessKeys device = AccessKeys.generate(RANDOM);
    String token = SasToken.sign(HUB + "%2Fdevices%2Fdev1", keys.primary(), NOW.plusSeconds(60), "device").text();
    Keyring keyring = Keyring.ofIdentity(device).and(Keyring.ofPolicies(Map.of("device", keys)));

    assertThat(verifier.verify(token, ResourceUri.device(HUB, "dev1"), keyring).isAccepted()).isTrue();
  }

  /** The Java provisioning client's token, built with its own HMAC as {@code RegisterTask.constructSasToken} does. */
  private static String javaDpsToken(String idScope, String registrationId, byte[] keyBase64, long expiry)
      throws Exception {
    String scope = idScope + "/registrations/" + registrationId;
    SecurityProviderSymmetricKey provider = new SecurityProviderSymmetricKey(keyBase64, registrationId);
    byte[] mac = provider.HMACSignData(
        (scope + "\n" + expiry).getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(keyBase64));
    String sig = URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8);
    return String.format("SharedAccessSignature sr=%s&sig=%s&se=%s&skn=", scope, sig, expiry);
  }

  @Test
  void accepts_the_java_dps_clients_token_with_its_empty_skn() throws Exception {
    String token = javaDpsToken("0ne00000A1B", "reg-1", keys.primary().getBytes(StandardCharsets.UTF_8), IN_AN_HOUR);

    SasVerdict verdict =
        verifier.verify(token, ResourceUri.registration("0ne00000A1B", "reg-1"), Keyring.ofRegistration(keys));

    assertThat(verdict).isEqualTo(
        new SasVerdict.Accepted(AccessKeys.Slot.PRIMARY, "", Instant.ofEpochSecond(IN_AN_HOUR)));
  }

  @Test
  void accepts_a_group_enrolled_device_signing_with_its_derived_key() throws Exception {
    byte[] derived = SecurityProviderSymmetricKey.ComputeDerivedSymmetricKey(
        keys.secondary().getBytes(StandardCharsets.UTF_8), "reg-7");
    String token = javaDpsToken("0ne00000A1B", "reg-7", derived, IN_AN_HOUR);
    Keyring group = Keyring.ofRegistration(keys.derivedFor("reg-7"));

    assertThat(verifier.verify(token, ResourceUri.registration("0ne00000A1B", "reg-7"), group))
        .isInstanceOfSatisfying(
            SasVerdict.Accepted.class, a -> assertThat(a.slot()).isEqualTo(AccessKeys.Slot.SECONDARY));
    assertThat(verifier.verify(token, ResourceUri.registration("0ne00000A1B", "reg-7"),
            Keyring.ofRegistration(keys)))
        .isInstanceOf(SasVerdict.BadSignature.class);
  }

  @Test
  void accepts_node_style_dps_tokens_and_refuses_other_key_names() {
    // Node encodes the whole resource and sends skn=registration.
    String node = SasToken.sign("0ne00000A1B%2Fregistrations%2Freg-1", keys.primary(), NOW.plusSeconds(60),
        "registration").text();
    String group = SasToken.sign("0ne00000A1B/registrations/reg-1", keys.primary(), NOW.plusSeconds(60),
        "my-group").text();
    ResourceUri registration = ResourceUri.registration("0ne00000A1B", "reg-1");

    assertThat(verifier.verify(node, registration, Keyring.ofRegistration(keys)).isAccepted()).isTrue();
    assertThat(verifier.verify(group, registration, Keyring.ofRegistration(keys)))
        .isInstanceOf(SasVerdict.PolicyUnknown.class);
    assertThat(verifier.verify(node, ResourceUri.registration("0ne00000A1B", "reg-2"),
            Keyring.ofRegistration(keys)))
        .isInstanceOf(SasVerdict.WrongResource.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no prefix         | sr=a/devices/d&sig=QUJD&se=1                                | SharedAccessSignature",
      "wrong prefix      | SharedAccessKey sr=a/devices/d&sig=QUJD&se=1                | SharedAccessSignature",
      "missing sr        | SharedAccessSignature sig=QUJD&se=1                         | sr",
      "missing sig       | SharedAccessSignature sr=a/devices/d&se=1                   | sig",
      "missing se        | SharedAccessSignature sr=a/devices/d&sig=QUJD               | se",
      "se not a number   | SharedAccessSignature sr=a/devices/d&sig=QUJD&se=12x        | se",
      "se negative       | SharedAccessSignature sr=a/devices/d&sig=QUJD&se=-1         | se",
      "se empty          | SharedAccessSignature sr=a/devices/d&sig=QUJD&se=           | se",
      "sig not base64    | SharedAccessSignature sr=a/devices/d&sig=not%20b64!&se=1    | sig",
      "sig broken escape | SharedAccessSignature sr=a/devices/d&sig=QU%ZZ&se=1         | sig",
      "sr broken escape  | SharedAccessSignature sr=a%2/devices/d&sig=QUJD&se=1        | sr",
      "sr empty          | SharedAccessSignature sr=&sig=QUJD&se=1                     | sr",
      "duplicate sr      | SharedAccessSignature sr=a&sr=b&sig=QUJD&se=1               | sr",
      "duplicate se      | SharedAccessSignature sr=a&se=2&sig=QUJD&se=1               | se",
      "unknown field     | SharedAccessSignature sr=a&sig=QUJD&se=1&foo=bar            | foo",
      "field without =   | SharedAccessSignature sr=a&sig=QUJD&se=1&skn                | skn",
  })
  void names_the_field_of_a_malformed_token(String name, String token, String field) {
    SasVerdict verdict = verifier.verify(token, ResourceUri.device("a", "d"), Keyring.ofIdentity(keys));

    assertThat(verdict).isInstanceOfSatisfying(SasVerdict.Malformed.class, m -> {
      assertThat(m.field()).isEqualTo(field);
      assertThat(m.message()).contains(field);
    });
  }

  @Test
  void reads_fields_in_any_order_and_tolerates_a_stray_ampersand() {
    SasToken signed = SasToken.sign(HUB + "/devices/dev1", keys.primary(), NOW.plusSeconds(60), null);
    String reordered = "SharedAccessSignature se=" + signed.expiryAsSent() + "&&sig="
        + URLEncoder.encode(signed.signature(), StandardCharsets.UTF_8) + "&sr=" + signed.resourceAsSent() + "&";

    assertThat(verifier.verify(reordered, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)).isAccepted())
        .isTrue();
  }

  @Test
  void accepts_an_unencoded_plus_in_the_signature() {
    SasToken signed = signedWithPlus();
    String raw = "SharedAccessSignature sr=" + signed.resourceAsSent() + "&sig=" + signed.signature() + "&se="
        + signed.expiryAsSent();

    assertThat(verifier.verify(raw, ResourceUri.device(HUB, "dev1"), Keyring.ofIdentity(keys)).isAccepted()).isTrue();
  }

  private SasToken signedWithPlus() {
    for (long i = 1; ; i++) {
      SasToken token = SasToken.sign(HUB + "/devices/dev1", keys.primary(), NOW.plusSeconds(i), null);
      if (token.signature().contains("+")) {
        return token;
      }
    }
  }

  @Test
  void never_shows_signature_or_keys_in_text_meant_for_logs() {
    SasToken token = SasToken.sign(HUB + "/devices/dev1", keys.primary(), NOW.plusSeconds(60), null);

    assertThat(token.toString()).doesNotContain(token.signature()).contains("sig=<redacted>");
    assertThat(keys.toString()).doesNotContain(keys.primary()).doesNotContain(keys.secondary());
    assertThat(new SasVerdict.BadSignature(token.resourceAsSent(), null).message())
        .doesNotContain(token.signature());
  }
}
