package dev.converge.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrationIdTest {

  @ParameterizedTest
  @CsvSource({"'',''", "f,my", "fo,mzxq", "foo,mzxw6", "foob,mzxw6yq", "fooba,mzxw6ytb", "foobar,mzxw6ytboi"})
  void base32_matches_the_rfc_4648_vectors_in_lower_case_without_padding(String input, String expected) {
    assertThat(Base32.encode(input.getBytes(StandardCharsets.US_ASCII))).isEqualTo(expected);
  }

  @Test
  void the_registration_id_is_the_base32_sha256_of_the_endorsement_key() {
    byte[] ekPublic = new byte[316];
    for (int i = 0; i < ekPublic.length; i++) {
      ekPublic[i] = (byte) (i * 7 + 3);
    }

    // Python: base64.b32encode(hashlib.sha256(bytes((i*7+3) & 0xff for i in range(316))).digest())
    //   .decode().lower().rstrip("=")
    assertThat(RegistrationId.fromEndorsementKey(ekPublic).value())
        .isEqualTo("xzgm4opgcw23ftzwaw5g6vgvby3tymcifnayrb2znhbyuj4bu25q")
        .hasSize(52)
        .matches("[a-z2-7]+");
  }

  @Test
  void an_empty_endorsement_key_is_a_programming_error() {
    assertThatThrownBy(() -> RegistrationId.fromEndorsementKey(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sn-007-888-abc-mac-a1-b2", "Device.1_x:y", "ends-with-dash-", "a"})
  void dps_registration_ids_of_alphanumerics_and_dash_dot_underscore_colon_are_accepted(String id) {
    assertThat(new RegistrationId(id).value()).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ends.", "ends_", "ends:", "has space", "slash/", "ümlaut"})
  void other_registration_ids_are_rejected(String id) {
    assertThatThrownBy(() -> new RegistrationId(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void registration_ids_may_be_128_characters_but_not_129() {
    assertThat(new RegistrationId("r".repeat(128)).value()).hasSize(128);
    assertThatThrownBy(() -> new RegistrationId("r".repeat(129))).isInstanceOf(IllegalArgumentException.class);
  }
}
