package dev.converge.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Direct methods from the official service SDK's {@code DirectMethodsClient} to device SDK clients. */
@ExtendWith(LocalHubExtension.class)
class MethodSdkTest {

  private static final DirectMethodRequestOptions NO_WAIT = DirectMethodRequestOptions.builder()
      .methodResponseTimeoutSeconds(10).methodConnectTimeoutSeconds(0).build();

  private final DirectMethodsClient methods;

  MethodSdkTest(LocalHub hub) {
    methods = new DirectMethodsClient(hub.serviceConnectionString());
  }

  @BeforeAll
  static void trust(LocalHub hub) {
    ServiceSdk.trust(hub);
  }

  @Test
  void device_answers_with_its_status_and_payload(LocalHub hub) throws Exception {
    hub.createDevice("method-dev");
    DeviceClient device = SdkClients.device(hub, "method-dev");
    try {
      device.open(false);
      device.subscribeToMethods((name, payload, context) -> new com.microsoft.azure.sdk.iot.device.twin
          .DirectMethodResponse(202, JsonParser.parseString(
              "{\"method\":\"" + name + "\",\"echo\":" + payload.getPayloadAsJsonString() + "}")), null);
      DirectMethodResponse response = methods.invoke("method-dev", "reboot", DirectMethodRequestOptions.builder()
          .payload(Map.of("delay", 5)).methodResponseTimeoutSeconds(10).methodConnectTimeoutSeconds(0).build());
      assertThat(response.getStatus()).isEqualTo(202);
      assertThat(response.getPayloadAsJsonElement().getAsJsonObject().get("method").getAsString())
          .isEqualTo("reboot");
      assertThat(response.getPayloadAsJsonElement().getAsJsonObject().getAsJsonObject("echo").get("delay").getAsInt())
          .isEqualTo(5);
    } finally {
      device.close();
    }
  }

  @Test
  void module_answers_its_own_methods(LocalHub hub) throws Exception {
    hub.createDevice("method-host");
    hub.createModule("method-host", "agent");
    ModuleClient module = SdkClients.module(hub, "method-host", "agent");
    try {
      module.open(false);
      module.subscribeToMethods((name, payload, context) ->
          new com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse(200, JsonParser.parseString("\"pong\"")),
          null);
      DirectMethodResponse response = methods.invoke("method-host", "agent", "ping", NO_WAIT);
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getPayloadAsJsonString()).isEqualTo("\"pong\"");
      // The device itself is not connected: its methods fail while the module's work.
      assertThatThrownBy(() -> methods.invoke("method-host", "ping", NO_WAIT))
          .isInstanceOfSatisfying(IotHubNotFoundException.class,
              e -> assertThat(e.getErrorCode()).isEqualTo(404103));
    } finally {
      module.close();
    }
  }

  @Test
  void offline_device_is_device_not_online(LocalHub hub) {
    hub.createDevice("offline-dev");
    assertThatThrownBy(() -> methods.invoke("offline-dev", "reboot", NO_WAIT))
        .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404103))
        .hasMessageContaining("offline-dev");
  }

  @Test
  void unknown_device_and_bad_timeout_are_refused(LocalHub hub) {
    assertThatThrownBy(() -> methods.invoke("ghost-dev", "reboot", NO_WAIT))
        .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404001));
    hub.createDevice("timeout-dev");
    DirectMethodRequestOptions tooShort = DirectMethodRequestOptions.builder()
        .methodResponseTimeoutSeconds(1).methodConnectTimeoutSeconds(0).build();
    assertThatThrownBy(() -> methods.invoke("timeout-dev", "reboot", tooShort))
        .isInstanceOfSatisfying(IotHubBadFormatException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400004))
        .hasMessageContaining("responseTimeoutInSeconds");
  }
}
