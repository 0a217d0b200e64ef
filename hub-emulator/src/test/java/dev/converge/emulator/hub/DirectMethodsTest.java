package dev.converge.emulator.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.emulator.identity.IdentityId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** IoT Hub's direct method rules, at the hub, with an in-memory connection standing in for MQTT. */
class DirectMethodsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final IdentityId DEVICE = IdentityId.device("dev");
  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

  /** A connected device that records what the hub sends it. */
  private record Connection(IdentityId identity, List<String> topics) implements DeviceLink {
    Connection(IdentityId identity) {
      this(identity, new CopyOnWriteArrayList<>());
    }

    @Override
    public boolean send(String topic, byte[] payload) {
      topics.add(topic);
      return true;
    }

    @Override
    public void close(String reason) {}

    String rid() {
      String last = topics.get(topics.size() - 1);
      return last.substring(last.indexOf("$rid=") + 5);
    }
  }

  private final Sessions sessions = new Sessions(Clock.systemUTC(), () -> {});
  private final DirectMethods methods = new DirectMethods(sessions);

  @AfterEach
  void close() {
    methods.close();
  }

  private Connection connect(IdentityId id) {
    Connection connection = new Connection(id);
    sessions.attach(connection, true);
    sessions.subscribe(id, "$iothub/methods/POST/#", 1);
    return connection;
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void the_answer_comes_back_with_the_devices_status_and_payload() throws Exception {
    Connection device = connect(DEVICE);
    CompletableFuture<MethodResult> call = methods.invoke(DEVICE, "reboot", json("{\"in\":1}"), FIVE_SECONDS,
        Duration.ZERO);
    assertThat(device.topics()).hasSize(1);
    assertThat(device.topics().get(0)).startsWith("$iothub/methods/POST/reboot/?$rid=");

    methods.answer(DEVICE, device.rid(), 202, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));

    assertThat(call.get(1, TimeUnit.SECONDS)).isEqualTo(new MethodResult.Responded(202, json("{\"ok\":true}")));
  }

  @Test
  void an_answer_from_another_device_or_for_an_unknown_request_is_ignored() throws Exception {
    Connection device = connect(DEVICE);
    CompletableFuture<MethodResult> call = methods.invoke(DEVICE, "m", json("null"), FIVE_SECONDS, Duration.ZERO);
    methods.answer(IdentityId.device("other"), device.rid(), 200, new byte[0]);
    methods.answer(DEVICE, "ffff", 200, new byte[0]);
    assertThat(call).isNotDone();
    methods.answer(DEVICE, device.rid(), 200, new byte[0]);
    assertThat(call.get(1, TimeUnit.SECONDS)).isEqualTo(new MethodResult.Responded(200, JSON.nullNode()));
  }

  @Test
  void no_answer_within_the_response_timeout_is_504101() throws Exception {
    connect(DEVICE);
    MethodResult result = methods.invoke(DEVICE, "slow", json("{}"), FIVE_SECONDS, Duration.ZERO)
        .get(10, TimeUnit.SECONDS);
    assertThat(result).isInstanceOfSatisfying(MethodResult.Failed.class, f -> {
      assertThat(f.httpStatus()).isEqualTo(504);
      assertThat(f.errorCode()).isEqualTo(504101);
      assertThat(f.message()).contains("slow").contains("5 s");
    });
  }

  @Test
  void a_device_that_connects_within_the_connect_timeout_gets_the_call() throws Exception {
    CompletableFuture<MethodResult> call =
        methods.invoke(DEVICE, "wake", json("{}"), FIVE_SECONDS, Duration.ofSeconds(5));
    Thread.sleep(300);
    assertThat(call).isNotDone();
    Connection device = connect(DEVICE);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (device.topics().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    methods.answer(DEVICE, device.rid(), 200, "1".getBytes(StandardCharsets.UTF_8));
    assertThat(call.get(1, TimeUnit.SECONDS)).isEqualTo(new MethodResult.Responded(200, json("1")));
  }

  @Test
  void iot_hub_limits_are_refused_before_anything_is_sent() throws Exception {
    Connection device = connect(DEVICE);
    String big = "\"" + "x".repeat(128 * 1024) + "\"";
    assertThat(methods.invoke(DEVICE, "m", json(big), FIVE_SECONDS, Duration.ZERO).get())
        .isInstanceOfSatisfying(MethodResult.Failed.class, f -> assertThat(f.message()).contains("131074 bytes"));
    assertThat(methods.invoke(DEVICE, "m", json("{}"), Duration.ofSeconds(4), Duration.ZERO).get())
        .isInstanceOfSatisfying(MethodResult.Failed.class, f -> assertThat(f.message()).contains("4"));
    assertThat(methods.invoke(DEVICE, "m", json("{}"), Duration.ofSeconds(301), Duration.ZERO).get())
        .isInstanceOfSatisfying(MethodResult.Failed.class, f -> assertThat(f.httpStatus()).isEqualTo(400));
    assertThat(methods.invoke(DEVICE, "bad/name", json("{}"), FIVE_SECONDS, Duration.ZERO).get())
        .isInstanceOfSatisfying(MethodResult.Failed.class, f -> assertThat(f.message()).contains("'/'"));
    assertThat(device.topics()).isEmpty();
  }

  @Test
  void a_call_made_while_the_hub_stops_answers_not_online_instead_of_failing() throws Exception {
    methods.close();

    // With a connect timeout the call would wait for the device on the (now stopped) timer.
    MethodResult result = methods.invoke(DEVICE, "reboot", JSON.nullNode(), Duration.ofSeconds(30),
        Duration.ofSeconds(10)).get(5, TimeUnit.SECONDS);

    assertThat(result).isInstanceOfSatisfying(MethodResult.Failed.class,
        failed -> assertThat(failed.errorCode()).isEqualTo(404103));
  }

  @Test
  void a_device_connected_but_not_subscribed_is_not_online_for_methods() throws Exception {
    Connection connection = new Connection(DEVICE);
    sessions.attach(connection, true);
    MethodResult result = methods.invoke(DEVICE, "m", json("{}"), FIVE_SECONDS, Duration.ZERO).get();
    assertThat(result).isInstanceOfSatisfying(MethodResult.Failed.class,
        f -> assertThat(f.errorCode()).isEqualTo(404103));
    assertThat(connection.topics()).isEmpty();
  }
}
