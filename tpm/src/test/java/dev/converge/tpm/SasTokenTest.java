package dev.converge.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SasTokenTest {

  /** Bytes 1..32. */
  private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
  private static final SlotUri DEVICE = SlotUri.device("myhub.azure-devices.net", "dev1");
  private static final SlotUri MODULE = SlotUri.module("myhub.azure-devices.net", "dev1", "agent");

  @Test
  void a_device_token_matches_an_independently_computed_signature() throws GeneralSecurityException {
    String sr = "myhub.azure-devices.net%2Fdevices%2Fdev1";
    String expectedSig = urlEncodeBase64(hmac(KEY, sr + "\n1700000000"));

    SasToken token = SasToken.sign(DEVICE, Instant.ofEpochSecond(1_700_000_000L), SoftwareHmacSigner.fromBase64(KEY));

    assertThat(token.value())
        .isEqualTo("SharedAccessSignature sr=" + sr + "&sig=" + expectedSig + "&se=1700000000");
  }

  @Test
  void a_device_token_matches_a_vector_computed_outside_java() {
    // Python: base64.b64encode(hmac.new(bytes(range(1, 33)),
    //   b"myhub.azure-devices.net%2Fdevices%2Fdev1\n1700000001", hashlib.sha256).digest())
    //   == "zderN7BpqebfPTSSF+53T1SaE4XfJMnuDgr4m/adLVc="
    SasToken token = SasToken.sign(DEVICE, Instant.ofEpochSecond(1_700_000_001L), SoftwareHmacSigner.fromBase64(KEY));

    assertThat(token.value()).isEqualTo("SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1"
        + "&sig=zderN7BpqebfPTSSF%2B53T1SaE4XfJMnuDgr4m%2FadLVc%3D&se=1700000001");
  }

  @Test
  void a_policy_token_names_its_policy_after_the_signed_fields() throws GeneralSecurityException {
    String sr = "myhub.azure-devices.net";
    String expectedSig = urlEncodeBase64(hmac(KEY, sr + "\n1700000000"));

    SasToken token = SasToken.signForPolicy(
        "myhub.azure-devices.net", "iothubowner", Instant.ofEpochSecond(1_700_000_000L),
        SoftwareHmacSigner.fromBase64(KEY));

    assertThat(token.value()).isEqualTo(
        "SharedAccessSignature sr=" + sr + "&sig=" + expectedSig + "&se=1700000000&skn=iothubowner");
    assertThatThrownBy(() -> SasToken.signForPolicy(sr, "", Instant.EPOCH, SoftwareHmacSigner.fromBase64(KEY)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policy");
  }

  @Test
  void a_module_token_signs_the_module_resource() {
    // Python, as above, over b"myhub.azure-devices.net%2Fdevices%2Fdev1%2Fmodules%2Fagent\n1700000000"
    SasToken token = SasToken.sign(MODULE, Instant.ofEpochSecond(1_700_000_000L), SoftwareHmacSigner.fromBase64(KEY));

    assertThat(token.resourceUri()).isEqualTo("myhub.azure-devices.net/devices/dev1/modules/agent");
    assertThat(token.value()).isEqualTo(
        "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1%2Fmodules%2Fagent"
            + "&sig=GQrPkP17Vv%2BEihor8V4H5GpPOCeeNY5dCFvpErN6mP0%3D&se=1700000000");
  }

  @Test
  void the_signer_receives_the_url_encoded_resource_a_newline_and_the_decimal_expiry() {
    List<String> signed = new ArrayList<>();
    HmacSigner recording = data -> {
      signed.add(new String(data, StandardCharsets.UTF_8));
      return new byte[32];
    };

    SasToken.sign(MODULE, Instant.ofEpochSecond(42), recording);

    assertThat(signed).containsExactly("myhub.azure-devices.net%2Fdevices%2Fdev1%2Fmodules%2Fagent\n42");
  }

  @Test
  void every_character_outside_the_unreserved_set_is_percent_encoded_in_sr_and_in_the_signed_string() {
    List<String> signed = new ArrayList<>();
    SlotUri odd = SlotUri.device("myhub.azure-devices.net", "a(1)!'%$,:=@?*_-.z");

    SasToken token = SasToken.sign(odd, Instant.ofEpochSecond(7), data -> {
      signed.add(new String(data, StandardCharsets.UTF_8));
      return new byte[32];
    });

    String sr = "myhub.azure-devices.net%2Fdevices%2Fa%281%29%21%27%25%24%2C%3A%3D%40%3F*_-.z";
    assertThat(token.value()).startsWith("SharedAccessSignature sr=" + sr + "&sig=");
    assertThat(signed).containsExactly(sr + "\n7");
  }

  @Test
  void the_signature_is_url_encoded_and_the_token_has_no_raw_base64_punctuation() {
    SasToken token = SasToken.sign(DEVICE, Instant.ofEpochSecond(1_700_000_001L), SoftwareHmacSigner.fromBase64(KEY));
    String sig = token.value().replaceAll(".*&sig=([^&]*)&.*", "$1");

    assertThat(sig).contains("%2B").contains("%2F").endsWith("%3D").doesNotContain("+", "/", "=");
    assertThat(Base64.getDecoder().decode(sig.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=")))
        .hasSize(32);
  }

  @Test
  void the_expiry_is_whole_seconds_since_the_epoch() {
    SasToken token = SasToken.sign(DEVICE, Instant.ofEpochSecond(1_700_000_000L, 999_000_000),
        SoftwareHmacSigner.fromBase64(KEY));

    assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(token.value()).endsWith("&se=1700000000");
  }

  @Test
  void an_expiry_before_the_epoch_or_an_empty_resource_is_a_programming_error() {
    HmacSigner signer = SoftwareHmacSigner.fromBase64(KEY);

    assertThatThrownBy(() -> SasToken.sign(DEVICE, Instant.ofEpochSecond(-1), signer))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SasToken.sign("", Instant.EPOCH, signer)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_signer_that_does_not_return_32_bytes_is_refused() {
    assertThatThrownBy(() -> SasToken.sign(DEVICE, Instant.EPOCH, data -> new byte[20]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void to_string_shows_neither_the_signature_nor_the_token() {
    SasToken token = SasToken.sign(DEVICE, Instant.ofEpochSecond(1_700_000_001L), SoftwareHmacSigner.fromBase64(KEY));

    assertThat(token.toString())
        .contains("myhub.azure-devices.net/devices/dev1")
        .doesNotContain("zderN7Bp")
        .doesNotContain(token.value())
        .contains("redacted");
  }

  private static byte[] hmac(String base64Key, String text) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Base64, then the three Base64 characters that need escaping in a query string, by hand. */
  private static String urlEncodeBase64(byte[] mac) {
    return Base64.getEncoder().encodeToString(mac).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");
  }
}
