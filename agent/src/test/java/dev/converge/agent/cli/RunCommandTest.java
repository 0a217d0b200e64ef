package dev.converge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.agent.state.AgentState;
import dev.converge.agent.state.LocalState;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code converge run}: the daemon as systemd starts it, from a config file. */
@ExtendWith(LocalHubExtension.class)
class RunCommandTest {

  @TempDir Path dir;


  private static CliRun converge(String... args) {
    return CliRun.of(args);
  }

  private Path config(LocalHub hub, String deviceId) throws Exception {
    hub.createDevice(deviceId);
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, """
        identity:
          source: connectionString
          connectionStringFile: device.cs
        trustedCaFile: %s
        root: root
        data: data
        logging: { level: warn }
        sdk: { keepAlive: 30s, operationTimeout: 5s }
        """.formatted(hub.caFile()));
    Files.writeString(dir.resolve("device.cs"), hub.deviceConnectionString(deviceId));
    return file;
  }

  @Test
  void a_missing_config_file_exits_2_naming_it() {
    CliRun r = converge("run", "--config", dir.resolve("nope.yaml").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yaml").contains("no such config file");
  }

  @Test
  void check_prints_the_resolved_config_without_the_key(LocalHub hub) throws Exception {
    Path file = config(hub, "checked");

    CliRun r = converge("run", "--config", file.toString(), "--check");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("is valid").contains(dir.resolve("root").toString()).contains("<redacted>")
        .doesNotContain("SharedAccessKey");
  }

  @Test
  void the_example_config_is_printed_for_a_new_install() {
    CliRun r = converge("run", "--example-config");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("identity:").contains("source:");
  }

  @Test
  void run_connects_keeps_its_state_and_stops_cleanly_when_told(LocalHub hub) throws Exception {
    Path file = config(hub, "daemon");
    CommandLine cli = ConvergeCommand.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    RunCommand run = cli.getSubcommands().get("run").getCommand();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread daemon = new Thread(() -> exit.set(cli.execute("run", "--config", file.toString())));
    daemon.start();

    LocalState state = new LocalState(dir.resolve("data"));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while ((state.load().isEmpty() || state.load().get().connection() != AgentState.Connection.CONNECTED)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(state.load()).as("state.json after connecting; stderr: " + err).hasValueSatisfying(s -> {
      assertThat(s.deviceId()).isEqualTo("daemon");
      assertThat(s.connection()).isEqualTo(AgentState.Connection.CONNECTED);
    });

    run.stop.countDown();
    daemon.join(20_000);

    assertThat(exit.get()).isZero();
    assertThat(state.require().connection()).isEqualTo(AgentState.Connection.DISCONNECTED);
  }
}
