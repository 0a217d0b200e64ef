package dev.converge.emulator.dps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.auth.SasToken;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DPS's MQTT wire behaviour seen by a plain MQTT client, as other SDKs and hand-made clients see it. */
@ExtendWith(LocalHubExtension.class)
class DpsWireTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Reply(String topic, JsonNode body) {}

  private static BlockingQueue<Reply> connectAndRegister(LocalHub hub, String registrationId, String key)
      throws Exception {
    String scope = hub.config().idScope();
    MqttClient client =
        new MqttClient("ssl://" + hub.config().bindAddress() + ":8883", registrationId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(SdkClients.trust(hub).getSocketFactory());
    options.setUserName(scope + "/registrations/" + registrationId + "/api-version=2019-03-31");
    options.setPassword(SasToken.sign(scope + "/registrations/" + registrationId, key,
        Instant.now().plusSeconds(3600), "registration").text().toCharArray());
    client.connect(options);
    BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    client.subscribe("$dps/registrations/res/#", 1,
        (topic, message) -> replies.add(new Reply(topic, JSON.readTree(message.getPayload()))));
    client.publish("$dps/registrations/PUT/iotdps-register/?$rid=1",
        new MqttMessage(("{\"registrationId\":\"" + registrationId + "\"}").getBytes()));
    return replies;
  }

  @Test
  void a_wrong_key_connects_but_the_registration_is_answered_401(LocalHub hub) throws Exception {
    AccessKeys keys = AccessKeys.generate(new SecureRandom());
    hub.dps().enroll(IndividualEnrollment.symmetricKey("wire-dev", keys));

    BlockingQueue<Reply> replies = connectAndRegister(hub, "wire-dev", AccessKeys.newKey(new SecureRandom()));

    Reply reply = replies.poll(10, TimeUnit.SECONDS);
    assertThat(reply).isNotNull();
    assertThat(reply.topic()).isEqualTo("$dps/registrations/res/401/?$rid=1");
    assertThat(reply.body().path("errorCode").asInt()).isEqualTo(401002);
    assertThat(reply.body().path("message").asText()).isEqualTo("Unauthorized");
    assertThat(hub.dps().registration("wire-dev")).isEmpty();
  }

  @Test
  void the_right_key_gets_202_assigning_with_retry_after(LocalHub hub) throws Exception {
    AccessKeys keys = AccessKeys.generate(new SecureRandom());
    hub.dps().enroll(IndividualEnrollment.symmetricKey("wire-ok", keys));

    BlockingQueue<Reply> replies = connectAndRegister(hub, "wire-ok", keys.primary());

    Reply reply = replies.poll(10, TimeUnit.SECONDS);
    assertThat(reply).isNotNull();
    assertThat(reply.topic()).startsWith("$dps/registrations/res/202/?$rid=1").contains("retry-after=");
    assertThat(reply.body().path("status").asText()).isEqualTo("assigning");
    assertThat(reply.body().path("operationId").asText()).isNotEmpty();
  }
}
