package dev.converge.emulator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.emulator.adm.Configuration;
import dev.converge.emulator.adm.ConfigurationContent;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.TwinSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADM inside the hub, without networking: one evaluation at a time, on demand. */
class ConfigurationRolloutTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final IdentityId DEVICE = IdentityId.device("dev-1");

  @TempDir Path dir;
  private Hub hub;
  private ConfigurationRollout rollout;

  @BeforeEach
  void open() {
    reopen();
  }

  @AfterEach
  void close() {
    rollout.close();
    hub.close();
  }

  @Test
  void applies_a_configuration_once_and_then_has_nothing_to_do() throws Exception {
    hub.register(DEVICE, null, true);
    hub.twins().patchTags(DEVICE, json("{\"env\":\"prod\"}"), "*");
    rollout.configurations().create(configuration("fw", "tags.env = 'prod'", "{\"version\":\"1.0\"}"));

    rollout.evaluateNow();
    TwinSnapshot once = hub.twins().get(DEVICE).orElseThrow();
    assertThat(once.desired().toJson()).isEqualTo("{\"firmware\":{\"version\":\"1.0\"}}");
    assertThat(once.desiredVersion()).isEqualTo(2);
    assertThat(rollout.configurationsOf(DEVICE).toJson()).isEqualTo("{\"fw\":{\"status\":\"applied\"}}");
    assertThat(rollout.view().twin(DEVICE).orElseThrow().path("configurations").path("fw").path("status").asText())
        .isEqualTo("applied");
    assertThat(rollout.configurations().get("fw").orElseThrow().systemMetrics().results())
        .containsEntry("targetedCount", 1L).containsEntry("appliedCount", 1L);

    rollout.evaluateNow();
    assertThat(hub.twins().get(DEVICE).orElseThrow()).isEqualTo(once);
  }

  @Test
  void registering_an_identity_triggers_an_evaluation() {
    rollout.start();
    long before = rollout.triggers();
    hub.register(IdentityId.device("new-dev"), null, true);
    assertThat(rollout.triggers()).as("a new device may match a target at once").isGreaterThan(before);
    long afterRegister = rollout.triggers();
    hub.deregister(IdentityId.device("new-dev"), "*");
    assertThat(rollout.triggers()).isGreaterThan(afterRegister);
  }

  @Test
  void its_own_writes_trigger_no_evaluation_but_other_writes_do() throws Exception {
    hub.register(DEVICE, null, true);
    rollout.configurations().create(configuration("all", "*", "{\"version\":\"2.0\"}"));
    rollout.start();
    long before = rollout.triggers();

    rollout.evaluateNow();
    assertThat(hub.twins().get(DEVICE).orElseThrow().desiredVersion()).isEqualTo(2);
    assertThat(rollout.triggers()).as("the run's own desired patch").isEqualTo(before);

    hub.twins().patchDesired(DEVICE, json("{\"firmware\":{\"version\":\"manual\"}}"), "*");
    assertThat(rollout.triggers()).as("someone else's patch").isEqualTo(before + 1);
    rollout.evaluateNow();
    assertThat(hub.twins().get(DEVICE).orElseThrow().desired().get("firmware").path("version").asText())
        .isEqualTo("2.0");
  }

  @Test
  void statuses_and_configurations_survive_a_restart_without_evaluating_again() throws Exception {
    hub.register(DEVICE, null, true);
    rollout.configurations().create(configuration("kept", "*", "{\"version\":\"3.0\"}"));
    rollout.evaluateNow();
    rollout.close();
    hub.close();

    reopen();
    assertThat(rollout.configurationsOf(DEVICE).toJson()).isEqualTo("{\"kept\":{\"status\":\"applied\"}}");
    Configuration kept = rollout.configurations().get("kept").orElseThrow();
    assertThat(kept.systemMetrics().results()).containsEntry("appliedCount", 1L);
    assertThat(hub.twins().get(DEVICE).orElseThrow().desired().toJson())
        .isEqualTo("{\"firmware\":{\"version\":\"3.0\"}}");
  }

  @Test
  void a_deleted_identity_loses_its_statuses() throws Exception {
    hub.register(DEVICE, null, true);
    rollout.configurations().create(configuration("all", "*", "{\"version\":\"1.0\"}"));
    rollout.evaluateNow();
    hub.deregister(DEVICE, "*");
    rollout.evaluateNow();
    assertThat(rollout.configurationsOf(DEVICE).isEmpty()).isTrue();
    assertThat(rollout.configurations().get("all").orElseThrow().systemMetrics().results())
        .containsEntry("targetedCount", 0L);
  }

  @Test
  void a_patch_the_twin_refuses_changes_nothing_and_is_tried_again_later() throws Exception {
    hub.register(DEVICE, null, true);
    hub.twins().patchDesired(DEVICE, json("{\"filler\":\"" + "x".repeat(4000) + "\"}"), "*");
    StringBuilder big = new StringBuilder("{");
    for (int i = 0; i < 8; i++) {
      big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("y".repeat(4000)).append('"');
    }
    rollout.configurations().create(configuration("big", "*", big.append('}').toString()));
    rollout.evaluateNow();
    rollout.evaluateNow();
    assertThat(hub.twins().get(DEVICE).orElseThrow().desiredVersion()).isEqualTo(2);
  }

  private void reopen() {
    hub = new Hub(CLOCK, dir.resolve("state.json"), 10);
    rollout = ConfigurationRollout.attach(hub, Duration.ofHours(1));
    hub.load();
  }

  private static Configuration configuration(String id, String target, String firmware) throws Exception {
    return Configuration.of(id, ConfigurationContent.ofDevice(Map.of("properties.desired.firmware", json(firmware))),
        target, 1, Map.of(), Map.of());
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}
