package dev.converge.emulator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.converge.emulator.hub.MethodResult;
import dev.converge.emulator.hub.TelemetryMessage;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import dev.converge.emulator.twin.TwinUpdate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The unmodified Java device SDK 2.5.0 against the local hub: the device half of IoT Hub's contract. */
@ExtendWith(LocalHubExtension.class)
class DeviceSdkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void device_gets_its_twin_receives_desired_patches_and_reports(LocalHub hub) throws Exception {
    hub.createDevice("twin-dev");
    IdentityId id = IdentityId.device("twin-dev");
    hub.hub().twins().patchDesired(id, JSON.readTree("{\"mode\":\"eco\",\"fan\":{\"speed\":1}}"), "*");
    DeviceClient client = SdkClients.device(hub, "twin-dev");
    BlockingQueue<Twin> pushes = new LinkedBlockingQueue<>();
    try {
      client.open(false);
      client.subscribeToDesiredProperties((twin, ctx) -> pushes.add(twin), null);
      Twin twin = SdkClients.twin(client);
      assertThat(twin.getDesiredProperties().get("mode")).isEqualTo("eco");
      assertThat(twin.getDesiredProperties().getVersion()).isEqualTo(2);

      hub.hub().twins().patchDesired(id, JSON.readTree("{\"mode\":\"boost\",\"fan\":null}"), "*");
      Twin pushed = pushes.poll(10, TimeUnit.SECONDS);
      assertThat(pushed).as("desired patch pushed").isNotNull();
      assertThat(pushed.getDesiredProperties().get("mode")).isEqualTo("boost");
      assertThat(pushed.getDesiredProperties().containsKey("fan")).isTrue();
      assertThat(pushed.getDesiredProperties().get("fan")).isNull();
      assertThat(pushed.getDesiredProperties().getVersion()).isEqualTo(3);

      TwinCollection reported = new TwinCollection();
      reported.put("firmware", "1.2.3");
      int version = SdkClients.report(client, reported);
      assertThat(version).isEqualTo(2);
      assertThat(hub.hub().twins().get(id).orElseThrow().reported().get("firmware").asText()).isEqualTo("1.2.3");
    } finally {
      client.close();
    }
  }

  @Test
  void reported_patch_over_the_limit_is_refused_and_changes_nothing(LocalHub hub) throws Exception {
    hub.createDevice("big-dev");
    DeviceClient client = SdkClients.device(hub, "big-dev");
    try {
      client.open(false);
      client.subscribeToDesiredProperties((twin, ctx) -> {}, null);
      TwinCollection reported = new TwinCollection();
      for (int i = 0; i < 9; i++) {
        reported.put("k" + i, "x".repeat(4000));
      }
      assertThatThrownBy(() -> SdkClients.report(client, reported))
          .isInstanceOfSatisfying(IotHubClientException.class,
              e -> assertThat(e.getStatusCode()).isNotEqualTo(IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT));
      assertThat(hub.hub().twins().get(IdentityId.device("big-dev")).orElseThrow().reported().isEmpty()).isTrue();

      TwinCollection small = new TwinCollection();
      small.put("ok", true);
      assertThat(SdkClients.report(client, small)).isEqualTo(2);
    } finally {
      client.close();
    }
  }

  @Test
  void direct_method_round_trip_and_offline_device(LocalHub hub) throws Exception {
    hub.createDevice("method-dev");
    IdentityId id = IdentityId.device("method-dev");
    MethodResult offline =
        hub.hub().methods().invoke(id, "reboot", JSON.readTree("{}"), Duration.ofSeconds(5), Duration.ZERO).get();
    assertThat(offline).isInstanceOfSatisfying(MethodResult.Failed.class, f -> {
      assertThat(f.httpStatus()).isEqualTo(404);
      assertThat(f.errorCode()).isEqualTo(404103);
    });

    DeviceClient client = SdkClients.device(hub, "method-dev");
    try {
      client.open(false);
      MethodResult unsubscribed =
          hub.hub().methods().invoke(id, "reboot", JSON.readTree("{}"), Duration.ofSeconds(5), Duration.ZERO).get();
      assertThat(unsubscribed).isInstanceOf(MethodResult.Failed.class);

      client.subscribeToMethods(
          (name, payload, ctx) -> {
            ObjectNode answer = JSON.createObjectNode().put("method", name);
            answer.set("echo", readTree(payload.getPayloadAsJsonString()));
            // The SDK serialises the payload object with Gson; a JsonElement goes out as the JSON it holds.
            return new DirectMethodResponse(201, com.google.gson.JsonParser.parseString(answer.toString()));
          },
          null);
      MethodResult result =
          hub.hub().methods()
              .invoke(id, "reboot", JSON.readTree("{\"delay\":3}"), Duration.ofSeconds(5), Duration.ZERO)
              .get(10, TimeUnit.SECONDS);
      assertThat(result).isInstanceOfSatisfying(MethodResult.Responded.class, r -> {
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.payload().path("method").asText()).isEqualTo("reboot");
        assertThat(r.payload().path("echo").path("delay").asInt()).isEqualTo(3);
      });
    } finally {
      client.close();
    }
  }

  @Test
  void telemetry_is_kept_with_its_properties(LocalHub hub) throws Exception {
    hub.createDevice("tele-dev");
    DeviceClient client = SdkClients.device(hub, "tele-dev");
    try {
      client.open(false);
      Message message = new Message("{\"temp\":21.5}");
      message.setProperty("alert", "high");
      message.setContentType("application/json");
      client.sendEvent(message);
      hub.await("message kept", WAIT, () -> !hub.hub().telemetry().of(IdentityId.device("tele-dev")).isEmpty());
      List<TelemetryMessage> kept = hub.hub().telemetry().of(IdentityId.device("tele-dev"));
      assertThat(kept).hasSize(1);
      assertThat(kept.get(0).bodyText()).isEqualTo("{\"temp\":21.5}");
      assertThat(kept.get(0).applicationProperties()).containsEntry("alert", "high");
      assertThat(kept.get(0).systemProperties()).containsEntry("$.ct", "application/json");
    } finally {
      client.close();
    }
  }

  @Test
  void wrong_key_expired_and_unknown_identities_are_not_authorized(LocalHub hub) {
    hub.createDevice("auth-dev");
    hub.createDevice("other-dev");
    String good = hub.deviceConnectionString("auth-dev");
    String wrongKey = good.replaceFirst("SharedAccessKey=[^;]+", "SharedAccessKey=" + hub.hub().identities().newKey());
    assertThatThrownBy(() -> open(hub, wrongKey)).isInstanceOf(IotHubClientException.class)
        .hasMessageContaining("authentication");
    // The other device's key signs a token for the other device's resource: refused for this one.
    String otherKey = hub.deviceConnectionString("other-dev").replaceFirst("DeviceId=other-dev", "DeviceId=auth-dev");
    assertThatThrownBy(() -> open(hub, otherKey)).isInstanceOf(IotHubClientException.class);
    String unknown = good.replaceFirst("DeviceId=auth-dev", "DeviceId=nobody");
    assertThatThrownBy(() -> open(hub, unknown)).isInstanceOf(IotHubClientException.class);
  }

  @Test
  void module_identity_has_its_own_twin(LocalHub hub) throws Exception {
    hub.createDevice("mod-host");
    hub.createModule("mod-host", "converge");
    IdentityId module = IdentityId.module("mod-host", "converge");
    hub.hub().twins().patchDesired(module, JSON.readTree("{\"x\":1}"), "*");
    ModuleClient client = SdkClients.module(hub, "mod-host", "converge");
    try {
      client.open(false);
      client.subscribeToDesiredProperties((twin, ctx) -> {}, null);
      assertThat(((Number) SdkClients.twin(client).getDesiredProperties().get("x")).intValue()).isEqualTo(1);
      TwinCollection reported = new TwinCollection();
      reported.put("y", 2);
      SdkClients.report(client, reported);
      assertThat(hub.hub().twins().get(module).orElseThrow().reported().get("y").asInt()).isEqualTo(2);
      assertThat(hub.hub().twins().get(IdentityId.device("mod-host")).orElseThrow().reported().isEmpty()).isTrue();
    } finally {
      client.close();
    }
  }

  @Test
  void persistent_session_survives_a_hub_restart(LocalHub hub) throws Exception {
    hub.createDevice("restart-dev");
    IdentityId id = IdentityId.device("restart-dev");
    DeviceClient client = SdkClients.device(hub, "restart-dev");
    BlockingQueue<Twin> pushes = new LinkedBlockingQueue<>();
    try {
      client.open(true);
      client.subscribeToDesiredProperties((twin, ctx) -> pushes.add(twin), null);
      client.subscribeToMethods((name, payload, ctx) -> new DirectMethodResponse(200, null), null);
      hub.restart();
      // The SDK reconnects by itself and never subscribes again: only a kept session delivers this push.
      hub.await("device reconnected", WAIT, () -> hub.hub().sessions().link(id) != null);
      TwinUpdate update = hub.hub().twins().patchDesired(id, JSON.readTree("{\"after\":\"restart\"}"), "*");
      assertThat(update.isAccepted()).isTrue();
      Twin pushed = pushes.poll(10, TimeUnit.SECONDS);
      assertThat(pushed).as("desired patch after restart").isNotNull();
      assertThat(pushed.getDesiredProperties().get("after")).isEqualTo("restart");
      MethodResult result =
          hub.hub().methods().invoke(id, "ping", JSON.readTree("null"), Duration.ofSeconds(5), Duration.ZERO).get();
      assertThat(result).isInstanceOf(MethodResult.Responded.class);
    } finally {
      client.close();
    }
  }

  private static void open(LocalHub hub, String connectionString) throws IotHubClientException {
    DeviceClient client = new DeviceClient(connectionString, IotHubClientProtocol.MQTT, SdkClients.tuned(hub));
    try {
      client.open(false);
    } finally {
      client.close();
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
