package dev.converge.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SasConnectionStringTest {

  private static final HmacSigner SIGNER =
      SoftwareHmacSigner.fromBase64("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=");
  private static final Instant EXPIRY = Instant.ofEpochSecond(1_700_000_001L);

  @Test
  void a_device_connection_string_names_host_device_and_token() {
    SlotUri device = SlotUri.device("myhub.azure-devices.net", "dev1");
    SasToken token = SasToken.sign(device, EXPIRY, SIGNER);

    assertThat(SasConnectionString.of(device, token).value()).isEqualTo(
        "HostName=myhub.azure-devices.net;DeviceId=dev1;SharedAccessSignature=SharedAccessSignature"
            + " sr=myhub.azure-devices.net%2Fdevices%2Fdev1&sig=zderN7BpqebfPTSSF%2B53T1SaE4XfJMnuDgr4m%2FadLVc%3D"
            + "&se=1700000001");
  }

  @Test
  void a_module_connection_string_also_names_the_module() {
    SlotUri module = SlotUri.module("myhub.azure-devices.net", "dev1", "agent");
    SasToken token = SasToken.sign(module, EXPIRY, SIGNER);

    assertThat(SasConnectionString.of(module, token).value())
        .isEqualTo("HostName=myhub.azure-devices.net;DeviceId=dev1;ModuleId=agent;SharedAccessSignature="
            + token.value());
  }

  @Test
  void a_gateway_host_name_sends_the_connection_elsewhere_while_the_token_names_the_hub() {
    SlotUri device = SlotUri.device("localhub.azure-devices.net", "dev1");
    SasToken token = SasToken.sign(device, EXPIRY, SIGNER);

    assertThat(SasConnectionString.of(device, token).withGatewayHostName("localhost").value())
        .isEqualTo("HostName=localhub.azure-devices.net;DeviceId=dev1;GatewayHostName=localhost;"
            + "SharedAccessSignature=" + token.value());
    assertThatThrownBy(() -> SasConnectionString.of(device, token).withGatewayHostName("a;b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_device_id_is_url_encoded_because_the_java_sdk_decodes_it() {
    SlotUri device = SlotUri.device("myhub.azure-devices.net", "dev%1(a)");
    SasToken token = SasToken.sign(device, EXPIRY, SIGNER);

    assertThat(SasConnectionString.of(device, token).value())
        .startsWith("HostName=myhub.azure-devices.net;DeviceId=dev%251%28a%29;SharedAccessSignature=");
  }

  @Test
  void a_token_for_another_identity_is_refused() {
    SasToken token = SasToken.sign(SlotUri.device("myhub.azure-devices.net", "dev1"), EXPIRY, SIGNER);

    assertThatThrownBy(() -> SasConnectionString.of(SlotUri.device("myhub.azure-devices.net", "dev2"), token))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev2");
  }

  @Test
  void to_string_does_not_show_the_token() {
    SlotUri device = SlotUri.device("myhub.azure-devices.net", "dev1");
    SasToken token = SasToken.sign(device, EXPIRY, SIGNER);

    assertThat(SasConnectionString.of(device, token).toString())
        .contains("myhub.azure-devices.net/dev1")
        .doesNotContain("sig=")
        .doesNotContain("zderN7Bp")
        .contains("redacted");
  }
}
