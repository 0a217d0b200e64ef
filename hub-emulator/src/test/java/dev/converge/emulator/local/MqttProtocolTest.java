package dev.converge.emulator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.emulator.auth.SasToken;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MQTT behaviour IoT Hub shows to every client, checked with a plain MQTT client (Paho, as the C, Node.js and
 * Python SDKs differ from the Java one): sessions, QoS, keep-alive, unknown topics, encoded property names.
 */
@ExtendWith(LocalHubExtension.class)
class MqttProtocolTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A received message with the QoS it arrived at. */
  record Received(String topic, String body, int qos) {}

  private static final class Inbox implements MqttCallback {
    final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();

    @Override
    public void connectionLost(Throwable cause) {
      lost.add(cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      messages.add(new Received(topic, new String(message.getPayload()), message.getQos()));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  private static MqttClient client(LocalHub hub, String deviceId, Inbox inbox) throws MqttException {
    MqttClient client =
        new MqttClient("ssl://" + hub.config().bindAddress() + ":8883", deviceId, new MemoryPersistence());
    client.setCallback(inbox);
    return client;
  }

  private static MqttConnectOptions options(LocalHub hub, String deviceId, boolean clean, Instant expiry) {
    String key = ((Credentials.SymmetricKey) hub.hub().identities().get(IdentityId.device(deviceId)).orElseThrow()
        .credentials()).primaryKey();
    String resource = hub.config().hostName() + "/devices/" + deviceId;
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(clean);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(30);
    options.setSocketFactory(SdkClients.trust(hub).getSocketFactory());
    options.setHttpsHostnameVerificationEnabled(true);
    // The C SDK's user name: no DeviceClientType, a different api-version.
    options.setUserName(hub.config().hostName() + "/" + deviceId + "/?api-version=2021-04-12");
    options.setPassword(SasToken.sign(resource, key, expiry, null).text().toCharArray());
    return options;
  }

  private static Instant inAnHour() {
    return Instant.now().plusSeconds(3600);
  }

  @Test
  void persistent_session_is_reported_present_and_a_clean_session_starts_empty(LocalHub hub) throws Exception {
    hub.createDevice("session-dev");
    Inbox inbox = new Inbox();
    MqttClient client = client(hub, "session-dev", inbox);
    IMqttToken first = client.connectWithResult(options(hub, "session-dev", false, inAnHour()));
    assertThat(first.getSessionPresent()).isFalse();
    client.subscribe("$iothub/twin/PATCH/properties/desired/#", 1);
    client.disconnect();

    IMqttToken second = client.connectWithResult(options(hub, "session-dev", false, inAnHour()));
    assertThat(second.getSessionPresent()).isTrue();
    hub.hub().twins().patchDesired(IdentityId.device("session-dev"), JSON.readTree("{\"a\":1}"), "*");
    Received push = inbox.messages.poll(5, TimeUnit.SECONDS);
    assertThat(push).as("push to the kept subscription").isNotNull();
    assertThat(push.topic()).isEqualTo("$iothub/twin/PATCH/properties/desired/?$version=2");
    assertThat(JSON.readTree(push.body()).path("a").asInt()).isEqualTo(1);
    client.disconnect();

    IMqttToken clean = client.connectWithResult(options(hub, "session-dev", true, inAnHour()));
    assertThat(clean.getSessionPresent()).isFalse();
    hub.hub().twins().patchDesired(IdentityId.device("session-dev"), JSON.readTree("{\"a\":2}"), "*");
    assertThat(inbox.messages.poll(500, TimeUnit.MILLISECONDS)).as("clean session kept no subscription").isNull();
    client.disconnect();
    client.close();
  }

  @Test
  void qos0_subscription_gets_qos0_pushes(LocalHub hub) throws Exception {
    hub.createDevice("qos0-dev");
    Inbox inbox = new Inbox();
    MqttClient client = client(hub, "qos0-dev", inbox);
    client.connect(options(hub, "qos0-dev", true, inAnHour()));
    client.subscribe("$iothub/twin/res/#", 0);
    client.publish("$iothub/twin/GET/?$rid=7", new MqttMessage(new byte[0]));
    Received response = inbox.messages.poll(5, TimeUnit.SECONDS);
    assertThat(response).isNotNull();
    assertThat(response.topic()).isEqualTo("$iothub/twin/res/200/?$rid=7");
    assertThat(response.qos()).isZero();
    assertThat(JSON.readTree(response.body()).path("desired").path("$version").asInt()).isEqualTo(1);
    client.disconnect();
    client.close();
  }

  @Test
  void second_connection_of_an_identity_drops_the_first(LocalHub hub) throws Exception {
    hub.createDevice("twice-dev");
    Inbox firstInbox = new Inbox();
    MqttClient first = client(hub, "twice-dev", firstInbox);
    first.connect(options(hub, "twice-dev", true, inAnHour()));
    MqttClient second = client(hub, "twice-dev", new Inbox());
    second.connect(options(hub, "twice-dev", true, inAnHour()));
    assertThat(firstInbox.lost.poll(5, TimeUnit.SECONDS)).as("first connection dropped").isNotNull();
    assertThat(second.isConnected()).isTrue();
    second.disconnect();
    second.close();
    first.close();
  }

  @Test
  void unknown_publish_topic_drops_the_connection(LocalHub hub) throws Exception {
    hub.createDevice("rogue-dev");
    Inbox inbox = new Inbox();
    MqttClient client = client(hub, "rogue-dev", inbox);
    client.connect(options(hub, "rogue-dev", true, inAnHour()));
    try {
      client.publish("devices/someone-else/messages/events/", new MqttMessage("x".getBytes()));
    } catch (MqttException e) {
      // The broker may close before the PUBACK; either way the connection must be gone.
    }
    assertThat(inbox.lost.poll(5, TimeUnit.SECONDS)).as("connection dropped").isNotNull();
    client.close();
  }

  @Test
  void a_device_to_cloud_message_above_256_kb_drops_the_connection(LocalHub hub) throws Exception {
    hub.createDevice("bulky-dev");
    IdentityId id = IdentityId.device("bulky-dev");
    Inbox inbox = new Inbox();
    MqttClient client = client(hub, "bulky-dev", inbox);
    client.connect(options(hub, "bulky-dev", true, inAnHour()));
    client.publish("devices/bulky-dev/messages/events/", new MqttMessage(new byte[256 * 1024]));
    hub.await("the largest allowed message kept", Duration.ofSeconds(5), () -> !hub.hub().telemetry().of(id).isEmpty());

    try {
      // One byte more, counting the property's name and value: no PUBACK, the connection goes.
      client.publish("devices/bulky-dev/messages/events/a=b", new MqttMessage(new byte[256 * 1024 - 1]));
    } catch (MqttException e) {
      // Paho may see the connection go before it gives up waiting for the PUBACK.
    }
    assertThat(inbox.lost.poll(5, TimeUnit.SECONDS)).as("connection dropped").isNotNull();
    assertThat(hub.hub().telemetry().of(id)).hasSize(1);
    client.close();
  }

  @Test
  void expired_token_and_foreign_token_are_not_authorized(LocalHub hub) throws Exception {
    hub.createDevice("expired-dev");
    hub.createDevice("foreign-dev");
    MqttClient expired = client(hub, "expired-dev", new Inbox());
    assertThatThrownBy(() -> expired.connect(options(hub, "expired-dev", true, Instant.now().minusSeconds(5))))
        .isInstanceOfSatisfying(MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    expired.close();

    // A valid token of foreign-dev presented by expired-dev's client id and user name.
    MqttConnectOptions foreign = options(hub, "foreign-dev", true, inAnHour());
    foreign.setUserName(hub.config().hostName() + "/expired-dev/?api-version=2021-04-12");
    MqttClient impostor = client(hub, "expired-dev", new Inbox());
    assertThatThrownBy(() -> impostor.connect(foreign))
        .isInstanceOfSatisfying(MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    impostor.close();
  }

  @Test
  void connection_is_closed_when_its_token_expires(LocalHub hub) throws Exception {
    hub.createDevice("expiring-dev");
    Inbox inbox = new Inbox();
    MqttClient client = client(hub, "expiring-dev", inbox);
    client.connect(options(hub, "expiring-dev", true, Instant.now().plusSeconds(3)));
    assertThat(client.isConnected()).isTrue();
    assertThat(inbox.lost.poll(1, TimeUnit.SECONDS)).as("still connected before se").isNull();
    assertThat(inbox.lost.poll(6, TimeUnit.SECONDS)).as("dropped once the token expired").isNotNull();
    client.close();
  }

  @Test
  void a_device_token_for_the_whole_hub_is_not_authorized(LocalHub hub) throws Exception {
    hub.createDevice("hubwide-dev");
    MqttConnectOptions options = options(hub, "hubwide-dev", true, inAnHour());
    String key = ((Credentials.SymmetricKey) hub.hub().identities().get(IdentityId.device("hubwide-dev"))
        .orElseThrow().credentials()).primaryKey();
    // The device's own key, but sr names the hub rather than the device (SasVerifier#verifyIdentity).
    options.setPassword(SasToken.sign(hub.config().hostName(), key, inAnHour(), null).text().toCharArray());
    MqttClient client = client(hub, "hubwide-dev", new Inbox());
    assertThatThrownBy(() -> client.connect(options))
        .isInstanceOfSatisfying(MqttException.class,
            e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    client.close();
  }

  @Test
  void percent_encoded_system_properties_are_decoded(LocalHub hub) throws Exception {
    hub.createDevice("encoded-dev");
    MqttClient client = client(hub, "encoded-dev", new Inbox());
    client.connect(options(hub, "encoded-dev", true, inAnHour()));
    client.publish("devices/encoded-dev/messages/events/%24.mid=m-1&%24.ct=text%2Fplain&room=k%C3%BCche",
        new MqttMessage("hello".getBytes()));
    // The PUBACK precedes processing (as IoT Hub acknowledges first), so the message may land a moment later.
    hub.await("message kept", Duration.ofSeconds(5),
        () -> !hub.hub().telemetry().of(IdentityId.device("encoded-dev")).isEmpty());
    var kept = hub.hub().telemetry().of(IdentityId.device("encoded-dev"));
    assertThat(kept).hasSize(1);
    assertThat(kept.get(0).systemProperties()).containsEntry("$.mid", "m-1").containsEntry("$.ct", "text/plain");
    assertThat(kept.get(0).applicationProperties()).containsEntry("room", "küche");
    client.disconnect();
    client.close();
  }

  @Test
  void keep_alive_is_enforced(LocalHub hub) throws Exception {
    hub.createDevice("sleepy-dev");
    MqttConnectOptions options = options(hub, "sleepy-dev", true, inAnHour());
    // A raw TLS socket that sends CONNECT with keep-alive 1 s and then stays silent.
    byte[] connect = RawMqtt.connect("sleepy-dev", options.getUserName(), new String(options.getPassword()), 1);
    try (SSLSocket socket = (SSLSocket) SdkClients.trust(hub).getSocketFactory()
        .createSocket(hub.config().bindAddress(), 8883)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(connect);
      InputStream in = socket.getInputStream();
      byte[] connack = in.readNBytes(4);
      assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
      long start = System.nanoTime();
      assertThat(in.read()).as("server closes after 1.5 x keep-alive").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }
  }
}
