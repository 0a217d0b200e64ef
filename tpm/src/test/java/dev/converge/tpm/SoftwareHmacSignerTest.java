package dev.converge.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SoftwareHmacSignerTest {

  @Test
  void signing_matches_rfc_4231_test_case_1() {
    byte[] key = new byte[20];
    Arrays.fill(key, (byte) 0x0b);

    byte[] mac = SoftwareHmacSigner.of(key).sign("Hi There".getBytes(StandardCharsets.US_ASCII));

    assertThat(HexFormat.of().formatHex(mac))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  }

  @Test
  void a_base64_key_signs_like_its_decoded_bytes() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    byte[] data = {1, 2, 3};

    assertThat(SoftwareHmacSigner.fromBase64(Base64.getEncoder().encodeToString(key)).sign(data))
        .isEqualTo(SoftwareHmacSigner.of(key).sign(data));
  }

  @Test
  void keys_of_16_to_64_bytes_are_accepted_and_others_rejected() {
    assertThat(SoftwareHmacSigner.of(new byte[16]).sign(new byte[0])).hasSize(32);
    assertThat(SoftwareHmacSigner.of(new byte[64]).sign(new byte[0])).hasSize(32);

    assertThatThrownBy(() -> SoftwareHmacSigner.of(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SoftwareHmacSigner.of(new byte[65])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_key_that_is_not_base64_is_rejected_without_echoing_it() {
    String notBase64 = "s3cr3t!key-material*";

    assertThatThrownBy(() -> SoftwareHmacSigner.fromBase64(notBase64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(notBase64);
  }

  @Test
  void changing_the_callers_key_array_afterwards_does_not_change_the_signer() {
    byte[] key = new byte[32];
    SoftwareHmacSigner signer = SoftwareHmacSigner.of(key);
    byte[] before = signer.sign(new byte[] {42});

    key[0] = 1;

    assertThat(signer.sign(new byte[] {42})).isEqualTo(before);
  }

  @Test
  void to_string_never_shows_the_key() {
    String base64 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    assertThat(SoftwareHmacSigner.fromBase64(base64).toString())
        .doesNotContain(base64)
        .doesNotContain("0123456789abcdef")
        .contains("redacted");
  }
}
