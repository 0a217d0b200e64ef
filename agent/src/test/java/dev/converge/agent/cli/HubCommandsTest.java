package dev.converge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import dev.converge.agent.operator.LocalHubFile;
import dev.converge.emulator.testing.LocalHubExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code converge hub} running a local hub in this JVM, and the operator commands acting on it through the official
 * service SDK, exactly as an operator would use them from a second terminal.
 */
class HubCommandsTest {

  @TempDir static Path tmp;
  private static Path state;
  private static HubCommand hub;
  private static Thread running;
  private static final AtomicInteger exit = new AtomicInteger(-1);
  private static final StringWriter hubOut = new StringWriter();


  private static CliRun converge(String... args) {
    return CliRun.of(args);
  }

  private static CliRun operator(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--state");
    all.add(state.toString());
    return converge(all.toArray(String[]::new));
  }

  @BeforeAll
  static void start_the_local_hub() throws Exception {
    state = tmp.resolve("hub");
    int n = LocalHubExtension.nextAddressSuffix();
    CommandLine cli = ConvergeCommand.commandLine();
    cli.setOut(new PrintWriter(hubOut, true));
    hub = cli.getSubcommands().get("hub").getCommand();
    running = new Thread(() -> exit.set(cli.execute("hub", "--state", state.toString(), "--bind", "127.0.0." + n,
        "--fallback-https-port", "0", "--device", "dev-a", "--device", "dev-b", "--adm-interval", "1")));
    running.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(LocalHubFile.in(state)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(LocalHubFile.in(state)).as("converge hub wrote " + LocalHubFile.NAME + "; output: " + hubOut).exists();
  }

  @AfterAll
  static void stop_the_local_hub() throws Exception {
    hub.stop.countDown();
    running.join(30_000);
    assertThat(exit.get()).isZero();
  }

  @Test
  void hub_prints_connection_strings_and_keeps_its_key_file_private() throws Exception {
    assertThat(hubOut.toString())
        .contains("HostName=localhub.azure-devices.net;DeviceId=dev-a;SharedAccessKey=")
        .contains("SharedAccessKeyName=iothubowner")
        .contains("hub-ca.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(LocalHubFile.in(state))))
        .isEqualTo("rw-------");
  }

  @Test
  void twin_set_merges_desired_properties_and_prints_the_twin() {
    CliRun set = operator("hub", "twin", "dev-a", "--set", "{\"fan\":{\"speed\":2}}", "--tags", "{\"site\":\"lab\"}");
    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).contains("\"speed\"").contains("\"site\"");

    CliRun delete = operator("hub", "twin", "dev-a", "--set", "{\"fan\":null}");
    assertThat(delete.exit()).as(delete.err()).isZero();
    assertThat(delete.out()).doesNotContain("\"speed\"");

    CliRun bad = operator("hub", "twin", "dev-a", "--set", "{fan");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--set is not valid JSON");

    CliRun unknown = operator("hub", "twin", "nobody");
    assertThat(unknown.exit()).isEqualTo(1);
  }

  @Test
  void deploy_then_status_waits_until_the_rollout_is_applied() throws Exception {
    Path file = Files.writeString(tmp.resolve("motd.json"), """
        {"id": "motd-lab", "priority": 10, "targetCondition": "deviceId='dev-b'",
         "labels": {"team": "ops"},
         "content": {"deviceContent": {"properties.desired.motd": {"text": "hello"}}},
         "metrics": {"queries": {"hasMotd": "SELECT deviceId FROM devices WHERE IS_DEFINED(properties.desired.motd)"}}}
        """);
    CliRun deploy = operator("hub", "deploy", file.toString());
    assertThat(deploy.exit()).as(deploy.err()).isZero();
    assertThat(deploy.out()).contains("Created configuration motd-lab");

    CliRun status = operator("hub", "status", "motd-lab", "--wait", "--timeout", "20", "--interval", "100");
    assertThat(status.exit()).as(status.out() + status.err()).isZero();
    assertThat(status.out()).containsPattern("motd-lab\\s+10\\s+1\\s+1\\s+hasMotd=1").contains("rollout complete");

    CliRun twin = operator("hub", "twin", "dev-b");
    assertThat(twin.out()).contains("\"motd\"").contains("hello");

    CliRun again = operator("hub", "deploy", file.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("motd-lab");
  }

  @Test
  void deploy_names_the_file_and_field_of_a_bad_configuration() throws Exception {
    Path file = Files.writeString(tmp.resolve("bad.json"), """
        {"id": "bad", "priority": 1, "targetCondition": "*",
         "content": {"deviceContent": {"tags.x": 1}}}
        """);
    CliRun deploy = operator("hub", "deploy", file.toString());
    assertThat(deploy.exit()).isEqualTo(2);
    assertThat(deploy.err()).contains(file.toString()).contains("content.deviceContent").contains("tags.x");
  }

  @Test
  void invoke_reaches_a_connected_device_and_reports_an_offline_one() throws Exception {
    CliRun offline = operator("hub", "invoke", "dev-b", "reboot", "{\"delay\":1}", "--timeout", "5");
    assertThat(offline.exit()).isEqualTo(1);
    assertThat(offline.err()).contains("dev-b");

    LocalHubFile local = LocalHubFile.read(state);
    String connectionString = hubOut.toString().lines()
        .filter(l -> l.contains("DeviceId=dev-a;")).findFirst().orElseThrow().trim();
    com.microsoft.azure.sdk.iot.device.ClientOptions options = com.microsoft.azure.sdk.iot.device.ClientOptions
        .builder().sslContext(dev.converge.emulator.tls.ClientTls.trusting(local.caFile())).build();
    DeviceClient device = new DeviceClient(connectionString, IotHubClientProtocol.MQTT, options);
    try {
      device.open(false);
      device.subscribeToMethods((name, payload, ctx) -> new DirectMethodResponse(200,
          com.google.gson.JsonParser.parseString("{\"method\":\"" + name + "\"}")), null);
      CliRun call = operator("hub", "invoke", "dev-a", "reboot", "{\"delay\":1}", "--timeout", "5");
      assertThat(call.exit()).as(call.err()).isZero();
      assertThat(call.out()).contains("status 200").contains("\"method\":\"reboot\"");
    } finally {
      device.close();
    }
  }

  @Test
  void without_a_local_hub_or_connection_string_the_commands_say_what_to_do() {
    CliRun r = converge("hub", "status", "--state", tmp.resolve("nowhere").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no local hub").contains("converge hub").contains("--connection-string");
  }
}
