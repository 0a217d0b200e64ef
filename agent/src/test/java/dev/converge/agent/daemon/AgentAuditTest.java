package dev.converge.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.agent.cli.ConvergeCommand;
import dev.converge.agent.state.AgentState;
import dev.converge.agent.state.LocalState;
import dev.converge.emulator.hub.TelemetryMessage;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What an auditor gets from a running agent: D2C audit messages, and the local state the CLI reads. */
@ExtendWith(LocalHubExtension.class)
class AgentAuditTest {

  @TempDir Path dir;

  @Test
  void each_applied_change_is_sent_as_a_compact_audit_message(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "audited").started()) {
      d.patchDesired("""
          {"files": {"__meta": {"deploymentId": "audit-v1"},
                     "motd": {"path": "/etc/motd", "content": "audited\\n", "mode": "0644"}}}""");
      d.awaitStatus("files", "succeeded");

      List<JsonNode> audit = awaitAudit(hub, d);

      assertThat(audit).anySatisfy(m -> {
        assertThat(m.path("k").asText()).isEqualTo("applied");
        assertThat(m.path("g").asText()).isEqualTo("files");
        assertThat(m.path("d").asText()).isEqualTo("audit-v1");
        assertThat(m.path("v").asLong()).isEqualTo(d.desiredVersion());
        assertThat(m.path("a").toString()).contains("audited");
      });
    }
  }

  @Test
  void the_agent_keeps_its_state_where_converge_status_and_drift_read_it(LocalHub hub) throws Exception {
    DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "stateful").started();
    try (d) {
      d.patchDesired("""
          {"files": {"__meta": {"deploymentId": "state-v1"},
                     "motd": {"path": "/etc/motd", "content": "kept\\n", "mode": "0644"}}}""");
      d.awaitStatus("files", "succeeded");
      d.agent.settle();

      AgentState state = new LocalState(d.data).require();
      assertThat(state.deviceId()).isEqualTo("stateful");
      assertThat(state.connection()).isEqualTo(AgentState.Connection.CONNECTED);
      assertThat(state.desiredVersion()).isEqualTo(d.desiredVersion());
      assertThat(state.reported().toJson().path("files").path("__meta").path("deploymentStatus").asText())
          .isEqualTo("succeeded");

      StringWriter out = new StringWriter();
      CommandLine cli = ConvergeCommand.commandLine();
      cli.setOut(new PrintWriter(out));
      int exit = cli.execute("status", "--data", d.data.toString(), "--json");
      assertThat(exit).as(out.toString()).isZero();
      assertThat(out.toString()).contains("stateful").contains("succeeded");
    }
    assertThat(new LocalState(d.data).require().connection()).as("saved when the agent stops")
        .isEqualTo(AgentState.Connection.DISCONNECTED);
  }

  private static List<JsonNode> awaitAudit(LocalHub hub, DeviceUnderTest d) {
    long deadline = System.nanoTime() + DeviceUnderTest.WAIT.toNanos();
    while (true) {
      List<JsonNode> audit = hub.hub().telemetry().of(d.id).stream()
          .filter(m -> "convergeAudit".equals(m.applicationProperties().get("type")))
          .map(TelemetryMessage::bodyText).map(DeviceUnderTest::json).toList();
      if (!audit.isEmpty() || System.nanoTime() > deadline) {
        return audit;
      }
      DeviceUnderTest.sleep(20);
    }
  }
}
