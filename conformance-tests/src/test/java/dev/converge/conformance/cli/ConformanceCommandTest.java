package dev.converge.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.daemon.Agent;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.conformance.ScenarioFiles;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code converge conformance} end to end, as an operator runs it against a real hub: the command talks to a local
 * hub only through the official service SDK (its service connection string, the gateway address, its CA), and the
 * device is the real agent, here in this process on its own clock, connected over MQTT.
 */
@ExtendWith(LocalHubExtension.class)
class ConformanceCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path tmp;
  private static LocalHub hub;
  private static final List<Agent> agents = new ArrayList<>();

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start_the_agents(LocalHub localHub) throws Exception {
    hub = localHub;
    hub.createDevice("remote-dut");
    start(AgentConfig.forConnectionString(hub.deviceConnectionString("remote-dut"), tmp.resolve("dut-root"),
        tmp.resolve("dut-data")));
    hub.createDevice("gateway-dut");
    hub.createModule("gateway-dut", "converge");
    start(AgentConfig.forConnectionString(hub.moduleConnectionString("gateway-dut", "converge"),
        tmp.resolve("module-root"), tmp.resolve("module-data")).withModule("converge"));
  }

  private static void start(AgentConfig config) throws Exception {
    Agent agent = Agent.create(config.withTrustedCa(hub.caFile()), new SystemClock(), new Agent.AgentListener() {});
    agents.add(agent);
    agent.start();
    agent.awaitStarted(WAIT);
  }

  @AfterAll
  static void stop_the_agents() {
    agents.forEach(Agent::close);
  }

  private static Run conformance(String... args) {
    List<String> all = new ArrayList<>(List.of("--connection-string", hub.serviceConnectionString(),
        "--gateway", hub.config().bindAddress(), "--ca", hub.caFile().toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** Writes a scenario file {@code folder/name} under the test's folder. */
  private static Path scenario(String folder, String name, String text) throws IOException {
    Path file = tmp.resolve(folder).resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static String shipped(String folder) throws URISyntaxException {
    return Path.of(ConformanceCommandTest.class.getClassLoader().getResource(folder).toURI()).toString();
  }

  @Test
  void the_shipped_scenarios_run_through_the_hub_and_those_that_need_the_device_itself_are_skipped_with_the_reason()
      throws Exception {
    Run run = conformance("--device", "remote-dut", "--no-read-back-pause", shipped("scenarios"),
        shipped("validator"));

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("passed   validator/Files.00.json\n")
        .contains("skipped  scenarios/files/apply.yaml: step 1 (line 5, desired) changes or checks the device's"
            + " files: the device's files are on the device, which the runner reaches only through the hub\n")
        .contains("skipped  scenarios/files/noop-reapply.yaml: step 1 (line 6, desired) checks the agent's journal:"
            + " the agent's journal is on the device, which the runner reaches only through the hub\n")
        .containsPattern("[0-9]+ scenarios against remote-dut on " + hub.config().hostName() + " via "
            + hub.config().bindAddress() + ": [0-9]+ passed, 0 failed, [0-9]+ skipped \\([0-9.]+ s\\)\n");
    // Validator files need only the twin and methods: every one runs, and passes.
    for (Path file : ScenarioFiles.list(Path.of(shipped("validator")))) {
      assertThat(run.out()).contains("passed   validator/" + file.getFileName() + "\n");
    }
    assertThat(run.out().lines().filter(l -> l.startsWith("passed   ") || l.startsWith("skipped  ")))
        .hasSize(ScenarioFiles.list(Path.of(shipped("scenarios"))).size()
            + ScenarioFiles.list(Path.of(shipped("validator"))).size());
  }

  @Test
  void a_scenario_that_holds_passes_one_that_does_not_fails_with_its_problems_and_the_exit_code_says_so()
      throws Exception {
    scenario("remote", "a-holds.yaml", """
        steps:
          - desired:
              files:
                __meta: { deploymentId: remote-v1 }
                banner: { path: /etc/banner, content: "hello\\n", mode: "0644" }
            expectReported:
              files:
                __meta: { deploymentId: remote-v1, deploymentStatus: succeeded }
                banner: { path: /etc/banner, state: present, content: "hello\\n", mode: "0644" }
              __summary: { failedCount: 0 }
          - method: { name: NoSuchCmd, payload: {} }
            expectMethod: { status: 404 }
        """);
    scenario("remote", "b-wrong.yaml", """
        steps:
          - patch: { files: { banner: { content: "bye\\n" } } }
            expectReported: { files: { banner: { content: "hello\\n" } } }
        """);
    scenario("remote", "c-clock.yaml", """
        steps:
          - desired: { files: { banner: { path: /etc/banner, content: "hello\\n", mode: "0644" } } }
          - advance: 5m
            expectReported: { files: { __meta: { deploymentStatus: succeeded } } }
        """);

    Run run = conformance("--device", "remote-dut", tmp.resolve("remote").toString());

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).startsWith("passed   remote/a-holds.yaml\n"
        + "failed   remote/b-wrong.yaml, step 1 (line 2, patch): 1 problem\n"
        + "           - expectReported /files/banner/content: expected \"hello\\n\" but was \"bye\\n\"\n"
        + "           reported: {")
        .contains("\nskipped  remote/c-clock.yaml: step 2 (line 3, advance 5m) moves the device's clock: a device"
            + " behind a real hub runs on its own clock, which the runner cannot move\n")
        .containsPattern("3 scenarios against remote-dut on .*: 1 passed, 1 failed, 1 skipped");
  }

  @Test
  void a_validator_case_waits_out_its_read_back_pause_and_a_module_is_reached_by_its_module_twin() throws Exception {
    Path file = scenario("module", "Module.00.json", """
        {"scenario": [{"type": "deviceTwin", "name": "00", "readBackPause": 2,
           "input": {"properties": {"desired": {"files": {"__meta": {"deploymentId": "module-v1"},
                     "motd": {"path": "/etc/motd", "content": "module\\n", "mode": "0600"}}}}},
           "output": {"present": {"properties": {"reported": {"files": {
                     "__meta": {"deploymentId": "module-v1", "deploymentStatus": "succeeded"},
                     "motd": {"content": "module\\n", "mode": "0600"}}}}}}},
          {"type": "directMethod", "name": "01", "directMethodName": "NoSuchCmd",
           "output": {"returnCode": 404}}]}
        """);

    long started = System.nanoTime();
    Run run = conformance("--device", "gateway-dut", "--module", "converge", file.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("passed   module/Module.00.json\n1 scenario against gateway-dut/converge on ");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(Files.readString(tmp.resolve("module-root/etc/motd"))).isEqualTo("module\n");
  }

  @Test
  void bad_input_is_exit_2_before_anything_is_sent() throws Exception {
    Path malformed = scenario("malformed", "bad.yaml", "steps:\n  - advance: soon\n");

    Run missing = conformance("--device", "remote-dut", tmp.resolve("nowhere").toString());
    Run bad = conformance("--device", "remote-dut", malformed.toString());
    Run noDevice = conformance(tmp.resolve("malformed").toString());

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("converge conformance: no scenario file or folder at");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).startsWith("converge conformance: malformed/bad.yaml: step 1 (line 2): 'soon' is not a"
        + " duration");
    assertThat(noDevice.exit()).isEqualTo(2);
    assertThat(noDevice.err()).contains("Missing required option: '--device=ID'");
  }
}
