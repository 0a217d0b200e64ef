package dev.converge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.agent.state.AgentState;
import dev.converge.agent.state.LocalState;
import dev.converge.engine.EngineFixture;
import dev.converge.engine.model.NodeValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code converge status / drift / plan} on the agent's local state, saved through {@link LocalState} in a real
 * temporary folder. The reported documents come from a real engine (the engine's test fixture), so the commands
 * read exactly what the agent will save.
 */
class LocalStateCommandsTest {

  @TempDir Path tmp;


  private CliRun converge(String... args) {
    return CliRun.of(args);
  }

  private Path data() {
    return tmp.resolve("data");
  }

  /** Saves what an agent connected as {@code dev-1} would, for the engine's current state. */
  private void save(EngineFixture f, long pid) {
    new LocalState(data()).save(new AgentState("dev-1", null, "contoso.azure-devices.net",
        AgentState.Connection.CONNECTED, Instant.parse("2026-11-26T03:59:00Z"), f.twin.desiredVersion(),
        f.twin.currentDesired(), f.twin.reported(), f.clock.now(), pid));
  }

  private static long self() {
    return ProcessHandle.current().pid();
  }

  /** A device whose items group drifted (policy report) and whose settings drift was put right (remediate). */
  private EngineFixture drifted() {
    EngineFixture f = new EngineFixture();
    f.converge("""
        {"settings": {"__meta": {"deploymentId": "tz-eu"}, "timeZone": "UTC"},
         "items": {"__meta": {"deploymentId": "colors"}, "a": {"color": "green"}}}
        """);
    f.device.set("./Device/Time/TimeZone", NodeValue.of("Asia/Tokyo"));
    f.device.set("./Items/a/color", NodeValue.of("red"));
    f.advance(Duration.ofMinutes(2));
    return f;
  }

  private EngineFixture converged() {
    EngineFixture f = new EngineFixture();
    f.converge("""
        {"settings": {"__meta": {"deploymentId": "tz-eu"}, "timeZone": "UTC"}}
        """);
    return f;
  }

  // --- drift ---

  @Test
  void drift_lists_each_drifted_property_with_the_summary_and_exits_1() {
    save(drifted(), self());

    CliRun r = converge("drift", "--data", data().toString());

    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("GROUP", "PROPERTY", "DESIRED", "ACTUAL", "DETECTED", "ACTION");
    assertThat(r.out()).containsPattern("items +a/color +green +red +2026-11-26T04:02:00Z +reported");
    assertThat(r.out()).containsPattern("settings +timeZone +UTC +Asia/Tokyo +2026-11-26T04:0\\d:00Z +remediated");
    assertThat(r.out()).contains("Drift: 1 property drifted now, 1 put right.")
        .contains("Summary: driftCount 1 (items), failedCount 0");
  }

  @Test
  void drift_json_has_the_rows_and_the_summary() {
    save(drifted(), self());

    CliRun r = converge("drift", "--json", "--data", data().toString());

    assertThat(r.exit()).isEqualTo(1);
    NodeValue.Obj json = (NodeValue.Obj) NodeValue.parse(r.out());
    assertThat(json.get("drifted")).isEqualTo(NodeValue.of(true));
    assertThat(json.get("drift").toJsonText()).contains("{\"group\":\"items\",\"property\":\"a/color\","
        + "\"desired\":\"green\",\"actual\":\"red\",\"detected\":\"2026-11-26T04:02:00Z\",\"action\":\"reported\","
        + "\"current\":true}");
    assertThat(((NodeValue.Obj) json.get("summary")).get("driftCount")).isEqualTo(NodeValue.of(1));
  }

  @Test
  void no_drift_exits_0_and_says_so() {
    save(converged(), self());

    CliRun r = converge("drift", "--data", data().toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("No drift").doesNotContain("GROUP");
  }

  @Test
  void drift_that_was_only_remediated_exits_0() {
    EngineFixture f = converged();
    f.device.set("./Device/Time/TimeZone", NodeValue.of("Asia/Tokyo"));
    f.advance(Duration.ofMinutes(1));
    save(f, self());

    CliRun r = converge("drift", "--data", data().toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("remediated").contains("No drift now: 1 property was put right");
  }

  @Test
  void without_state_drift_and_status_say_the_agent_has_not_run_with_this_folder_and_exit_2() {
    for (String command : List.of("drift", "status")) {
      CliRun r = converge(command, "--data", data().toString());

      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains(data().resolve("state.json").toString()).contains("has not run");
    }
  }

  @Test
  void a_damaged_state_file_is_a_clear_input_error() throws IOException {
    save(converged(), self());
    Files.writeString(data().resolve("state.json"), "{\"format\": 1, \"deviceId\": ");

    CliRun r = converge("status", "--data", data().toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("state.json").contains("damaged").contains("not valid JSON");
  }

  // --- status ---

  @Test
  void status_shows_identity_connection_groups_and_summary_and_exits_0_when_all_succeeded() {
    save(converged(), self());

    CliRun r = converge("status", "--data", data().toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("dev-1 on contoso.azure-devices.net")
        .contains("connected since 2026-11-26T03:59:00Z")
        .contains("pid " + self() + ", running")
        .contains("version 1")
        .containsPattern("settings +succeeded +tz-eu +1 +2026-11-26T04:00:00Z +0 +0")
        .contains("Summary: 0 failed, 0 pending, 0 blocked, 0 drifted, 0 unsupported; deployments: tz-eu")
        .contains("Every group is in its desired state.");
  }

  @Test
  void status_exits_1_when_a_group_drifted_or_failed_and_names_them() {
    EngineFixture f = drifted();
    f.device.failWrites("./Base/Value", "read-only");
    f.converge("""
        {"settings": {"__meta": {"deploymentId": "tz-eu"}, "timeZone": "UTC"},
         "items": {"__meta": {"deploymentId": "colors"}, "a": {"color": "green"}},
         "base": {"value": "b"}}
        """);
    save(f, self());

    CliRun r = converge("status", "--data", data().toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).containsPattern("items +drifted +colors").containsPattern("base +failed +unspecified +2 ")
        .contains("1 failed (base)").contains("1 drifted (items)").contains("Not every group");
  }

  @Test
  void status_says_when_the_recorded_agent_process_is_gone() {
    save(converged(), 999_999_999L);

    CliRun r = converge("status", "--data", data().toString());

    assertThat(r.out()).contains("pid 999999999, not running");
  }

  @Test
  void a_desired_group_not_yet_reported_is_pending() {
    EngineFixture f = converged();
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse("{\"base\": {\"value\": \"b\"}}"));
    save(f, self());

    CliRun r = converge("status", "--data", data().toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).containsPattern("base +pending \\(not reported yet\\)");
  }

  @Test
  void status_json_is_machine_readable() {
    save(converged(), self());

    CliRun r = converge("status", "--json", "--data", data().toString());

    NodeValue.Obj json = (NodeValue.Obj) NodeValue.parse(r.out());
    assertThat(json.text("deviceId")).contains("dev-1");
    assertThat(json.has("moduleId")).isFalse();
    assertThat(json.text("connection")).contains("connected");
    assertThat(json.get("running")).isEqualTo(NodeValue.of(true));
    assertThat(json.get("converged")).isEqualTo(NodeValue.of(true));
    assertThat(json.get("groups").toJsonText()).contains("\"group\":\"settings\",\"status\":\"succeeded\"");
    assertThat(((NodeValue.Obj) json.get("summary")).get("failedCount")).isEqualTo(NodeValue.of(0));
  }

  // --- plan from local state ---

  private static final String MOTD = """
      {"files": {"__meta": {"deploymentId": "motd-v1"},
                 "motd": {"path": "/etc/motd", "content": "hello\\n", "mode": "0640"}}}
      """;

  @Test
  void plan_without_desired_uses_the_agents_local_state_and_says_so() throws IOException {
    new LocalState(data()).save(new AgentState("dev-1", null, "hub.example", AgentState.Connection.CONNECTED,
        Instant.EPOCH, 23, (NodeValue.Obj) NodeValue.parse(MOTD), NodeValue.Obj.empty(), Instant.EPOCH, self()));
    Path root = Files.createDirectories(tmp.resolve("root"));

    CliRun r = converge("plan", "--data", data().toString(), "--root", root.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Desired document: " + data().resolve("state.json") + " (desired version 23 of "
        + "dev-1").contains("add").contains("./Files/etc/motd");
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void plan_json_names_its_desired_source() throws IOException {
    Path desired = Files.writeString(tmp.resolve("desired.json"), MOTD);

    CliRun r = converge("plan", "--json", "--desired", desired.toString(), "--root",
        Files.createDirectories(tmp.resolve("root")).toString());

    assertThat(((NodeValue.Obj) NodeValue.parse(r.out())).text("desiredSource")).contains(desired.toString());
  }

  @Test
  void plan_without_desired_or_state_is_a_usage_error_pointing_at_both() {
    CliRun r = converge("plan", "--data", data().toString(), "--root", tmp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("has not run").contains("--desired");
  }

  @Test
  void the_new_commands_have_help_with_exit_codes() {
    for (String[] command : List.of(new String[] {"status"}, new String[] {"drift"},
        new String[] {"journal", "verify"}, new String[] {"journal"})) {
      CliRun r = converge(Stream.concat(Stream.of(command), Stream.of("--help")).toArray(String[]::new));
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("Usage: converge " + String.join(" ", command));
    }
    assertThat(converge("drift", "--help").out()).contains("1   drift exists");
  }
}
