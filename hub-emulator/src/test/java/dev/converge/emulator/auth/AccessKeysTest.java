package dev.converge.emulator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessKeysTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void generates_distinct_32_byte_base64_keys() {
    AccessKeys keys = AccessKeys.generate(RANDOM);

    assertThat(Base64.getDecoder().decode(keys.primary())).hasSize(32);
    assertThat(Base64.getDecoder().decode(keys.secondary())).hasSize(32);
    assertThat(keys.primary()).isNotEqualTo(keys.secondary());
  }

  @Test
  void derives_group_enrollment_device_keys_like_the_provisioning_sdk() throws Exception {
    String groupKey = AccessKeys.newKey(RANDOM);
    byte[] sdk = SecurityProviderSymmetricKey.ComputeDerivedSymmetricKey(
        groupKey.getBytes(StandardCharsets.UTF_8), "reg-42");

    assertThat(AccessKeys.deriveDeviceKey(groupKey, "reg-42")).isEqualTo(new String(sdk, StandardCharsets.UTF_8));
    assertThat(AccessKeys.deriveDeviceKey(groupKey, "reg-43")).isNotEqualTo(new String(sdk, StandardCharsets.UTF_8));
  }

  @Test
  void derives_a_known_answer() {
    // HMAC-SHA256 with an all-zero 32-byte key over "dev1", Base64, as computed by openssl and Python's hmac.
    String zeroKey = Base64.getEncoder().encodeToString(new byte[32]);

    assertThat(AccessKeys.deriveDeviceKey(zeroKey, "dev1")).isEqualTo("dXdlqwqxutxMcRnBK1LHFBUtY1SOHKS67JSPaeTVT6I=");
  }

  @Test
  void refuses_keys_that_are_not_base64() {
    assertThatIllegalArgumentException().isThrownBy(() -> new AccessKeys("not base64!", AccessKeys.newKey(RANDOM)))
        .withMessageContaining("primary");
    assertThatIllegalArgumentException().isThrownBy(() -> new AccessKeys(AccessKeys.newKey(RANDOM), ""))
        .withMessageContaining("secondary");
  }
}
