package dev.converge.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlotUriTest {

  private static final String HUB = "myhub.azure-devices.net";

  @Test
  void a_device_identity_formats_as_host_slash_device() {
    SlotUri uri = SlotUri.device(HUB, "dev1");

    assertThat(uri.format()).isEqualTo("myhub.azure-devices.net/dev1");
    assertThat(uri.resourceUri()).isEqualTo("myhub.azure-devices.net/devices/dev1");
    assertThat(uri.moduleId()).isEmpty();
  }

  @Test
  void a_module_identity_formats_as_host_slash_device_slash_module() {
    SlotUri uri = SlotUri.module(HUB, "dev1", "converge");

    assertThat(uri.format()).isEqualTo("myhub.azure-devices.net/dev1/converge");
    assertThat(uri.resourceUri()).isEqualTo("myhub.azure-devices.net/devices/dev1/modules/converge");
  }

  @Test
  void parsing_the_formatted_text_gives_back_the_identity() {
    for (SlotUri uri : new SlotUri[] {SlotUri.device(HUB, "dev1"), SlotUri.module(HUB, "Dev-1", "WindowsIoTDM")}) {
      assertThat(SlotUri.parse(uri.format())).isEqualTo(new SlotUri.Parsed.Valid(uri));
    }
  }

  @Test
  void parsing_keeps_case_and_every_special_character_the_device_sdks_allow() {
    SlotUri.Parsed parsed = SlotUri.parse("MyHub.Azure-Devices.NET/A-.%_*?!(),:=@$'z/Mod'1");

    assertThat(parsed).isEqualTo(new SlotUri.Parsed.Valid(
        new SlotUri("MyHub.Azure-Devices.NET", "A-.%_*?!(),:=@$'z", Optional.of("Mod'1"))));
  }

  @Test
  void ids_of_128_characters_are_accepted_and_129_rejected() {
    assertThat(SlotUri.parse(HUB + "/" + "d".repeat(128) + "/" + "m".repeat(128)))
        .isInstanceOf(SlotUri.Parsed.Valid.class);
    assertThat(reason(HUB + "/" + "d".repeat(129))).contains("device id");
    assertThat(reason(HUB + "/dev/" + "m".repeat(129))).contains("module id");
  }

  @Test
  void an_empty_slot_is_not_an_identity() {
    assertThat(reason("")).contains("empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"myhub.azure-devices.net", "a.net/b/c/d", "/dev1", "myhub.azure-devices.net/",
      "myhub.azure-devices.net/dev1/", "myhub.azure-devices.net//mod"})
  void text_without_exactly_a_host_a_device_and_an_optional_module_is_rejected(String text) {
    assertThat(SlotUri.parse(text)).isInstanceOf(SlotUri.Parsed.Invalid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost/dev1", "-hub.net/dev1", "hub-.net/dev1", "hub..net/dev1", "hub.net./dev1",
      "hub_1.net/dev1", "hub.net:8883/dev1", "hüb.net/dev1"})
  void a_host_that_is_not_a_dotted_dns_name_is_rejected(String text) {
    assertThat(reason(text)).contains("hub host");
  }

  @Test
  void a_host_longer_than_253_characters_is_rejected() {
    String label = "h".repeat(63);
    String host254 = String.join(".", label, label, label, "h".repeat(62));
    assertThat(host254).hasSize(254);

    assertThat(reason(host254 + "/dev1")).contains("253");
    assertThat(SlotUri.parse(host254.substring(1) + "/dev1")).isInstanceOf(SlotUri.Parsed.Valid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev 1", "dev#1", "dev+1", "dév", "dev\u0000", "dev;1", "dev&1"})
  void device_ids_with_characters_the_sdks_do_not_allow_are_rejected(String deviceId) {
    assertThat(reason(HUB + "/" + deviceId)).contains("device id");
    assertThat(reason(HUB + "/dev1/" + deviceId)).contains("module id");
  }

  @Test
  void the_constructor_rejects_what_parsing_rejects() {
    assertThatThrownBy(() -> SlotUri.device("localhost", "dev1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlotUri.module(HUB, "dev1", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nv_content_round_trips_as_exact_utf8() {
    SlotUri uri = SlotUri.module(HUB, "dev1", "agent");

    assertThat(uri.toNvContent()).isEqualTo("myhub.azure-devices.net/dev1/agent".getBytes(StandardCharsets.UTF_8));
    assertThat(SlotUri.fromNvContent(uri.toNvContent())).isEqualTo(new SlotUri.Parsed.Valid(uri));
  }

  @Test
  void nv_content_padded_with_zero_bytes_reads_as_the_uri() {
    byte[] padded = Arrays.copyOf(SlotUri.device(HUB, "dev1").toNvContent(), 256);

    assertThat(SlotUri.fromNvContent(padded)).isEqualTo(new SlotUri.Parsed.Valid(SlotUri.device(HUB, "dev1")));
    assertThat(SlotUri.fromNvContent(new byte[256])).isInstanceOf(SlotUri.Parsed.Invalid.class);
  }

  @Test
  void nv_content_that_is_not_utf8_is_invalid() {
    byte[] content = {'h', '.', 'n', '/', (byte) 0xC3, (byte) 0x28};

    assertThat(SlotUri.fromNvContent(content)).isEqualTo(new SlotUri.Parsed.Invalid("the slot URI is not UTF-8"));
  }

  private static String reason(String text) {
    SlotUri.Parsed parsed = SlotUri.parse(text);
    assertThat(parsed).isInstanceOf(SlotUri.Parsed.Invalid.class);
    return ((SlotUri.Parsed.Invalid) parsed).reason();
  }
}
