package dev.converge.emulator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ResourceUriTest {

  private static final String HUB = "localhub.azure-devices.net";

  @Test
  void is_covered_by_itself_and_by_prefixes_ending_at_a_segment() {
    ResourceUri module = ResourceUri.module(HUB, "dev1", "m1");

    assertThat(module.value()).isEqualTo(HUB + "/devices/dev1/modules/m1");
    assertThat(module.isCoveredBy(HUB + "/devices/dev1/modules/m1")).isTrue();
    assertThat(module.isCoveredBy(HUB + "/devices/dev1")).isTrue();
    assertThat(module.isCoveredBy(HUB + "/devices/dev1/")).isTrue();
    assertThat(module.isCoveredBy(HUB)).isTrue();
    assertThat(module.isCoveredBy("LOCALHUB.azure-devices.net/Devices/DEV1")).isTrue();
  }

  @Test
  void is_not_covered_by_siblings_partial_segments_or_longer_paths() {
    ResourceUri device = ResourceUri.device(HUB, "dev1");

    assertThat(device.isCoveredBy(HUB + "/devices/dev")).isFalse();
    assertThat(device.isCoveredBy(HUB + "/devices/dev2")).isFalse();
    assertThat(device.isCoveredBy(HUB + "/devices/dev1/modules/m1")).isFalse();
    assertThat(device.isCoveredBy("localhub.azure-devices")).isFalse();
    assertThat(device.isCoveredBy("")).isFalse();
    assertThat(device.isCoveredBy("/")).isFalse();
  }

  @Test
  void refuses_ids_that_would_change_the_path() {
    assertThatIllegalArgumentException().isThrownBy(() -> ResourceUri.device(HUB, "a/b"));
    assertThatIllegalArgumentException().isThrownBy(() -> ResourceUri.registration("scope", ""));
    assertThatIllegalArgumentException().isThrownBy(() -> ResourceUri.of("/hub"));
  }
}
