package dev.converge.agent.daemon;

import static dev.converge.agent.daemon.AgentMissedPatchTest.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.agent.config.AgentConfig;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.engine.journal.JournalEntry;
import dev.converge.engine.journal.JournalVerifier;
import dev.converge.engine.model.NodeValue;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub goes away while the agent works: the SDK reconnects (or the agent does), the agent re-reads the twin and
 * ends {@code succeeded}, and its journal shows every write it intended with its outcome (DESIGN.md, "The loop").
 */
@ExtendWith(LocalHubExtension.class)
class AgentHubRestartTest {

  private static final int ROUNDS = 3;
  private static final int FILES_PER_ROUND = 20;

  @TempDir Path dir;

  @Test
  void a_hub_restart_right_after_a_desired_patch_ends_succeeded_with_nothing_lost(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "restart-once", DeviceUnderTest::fast).started()) {
      d.patchDesired(file("motd", "/etc/motd", "before the restart"));
      hub.restart();

      d.awaitStatus("files", "succeeded");
      assertThat(d.file("/etc/motd")).isEqualTo("before the restart");
      assertJournalKeptEveryIntent(d);
      assertThat(lastAppliedContent(d, "/etc/motd")).isEqualTo("before the restart");
    }
  }

  @Test
  void a_hub_restart_while_the_agent_is_applying_a_patch_ends_succeeded_with_every_intent_kept(LocalHub hub)
      throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "mid-apply", AgentHubRestartTest::gated).started()) {
      GatedFilesAdapterProvider.Gate gate = GatedFilesAdapterProvider.gate(d.root);
      gate.close();
      d.patchDesired(manyFiles(1));
      assertThat(gate.awaitWrite(DeviceUnderTest.WAIT)).as("the agent began to apply").isTrue();

      // The agent is inside its first write (the intent journaled, the file not yet written) when the hub goes.
      hub.restart();
      d.patchDesired(file("motd", "/etc/motd", "patched while the agent was busy"));
      gate.open();

      d.awaitStatus("files", "succeeded");
      for (int i = 0; i < FILES_PER_ROUND; i++) {
        assertThat(d.file("/etc/r1/f" + i)).isEqualTo("round 1 file " + i);
      }
      assertThat(d.file("/etc/motd")).isEqualTo("patched while the agent was busy");
      assertJournalKeptEveryIntent(d);
      assertThat(lastAppliedContent(d, "/etc/r1/f0")).isEqualTo("round 1 file 0");
    }
  }

  @Test
  void an_apply_that_ends_while_the_hub_is_down_is_reported_once_the_hub_is_back(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "apply-offline", AgentHubRestartTest::gated)
        .started()) {
      GatedFilesAdapterProvider.Gate gate = GatedFilesAdapterProvider.gate(d.root);
      gate.close();
      d.patchDesired(file("motd", "/etc/motd", "applied while the hub was down"));
      assertThat(gate.awaitWrite(DeviceUnderTest.WAIT)).as("the agent began to apply").isTrue();

      hub.stop();
      gate.open();
      d.await("the write to finish", () -> d.hasFile("/etc/motd", "applied while the hub was down"));
      hub.start();

      d.awaitStatus("files", "succeeded");
      assertJournalKeptEveryIntent(d);
      assertThat(lastAppliedContent(d, "/etc/motd")).isEqualTo("applied while the hub was down");
    }
  }

  @Test
  void patches_between_repeated_hub_restarts_all_reach_the_device(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "restart-often", DeviceUnderTest::fast).started()) {
      for (int round = 1; round <= ROUNDS; round++) {
        d.patchDesired(file("motd", "/etc/motd", "v" + round));
        d.patchDesired(manyFiles(round)); // pushed, or lost to the restart: only a full read after it may bring it
        hub.restart();
      }
      d.patchDesired(file("motd", "/etc/motd", "after the restarts"));

      d.awaitStatus("files", "succeeded");
      assertThat(d.file("/etc/motd")).isEqualTo("after the restarts");
      for (int round = 1; round <= ROUNDS; round++) {
        for (int i = 0; i < FILES_PER_ROUND; i++) {
          assertThat(d.file("/etc/r" + round + "/f" + i)).isEqualTo("round " + round + " file " + i);
        }
      }
      assertJournalKeptEveryIntent(d);
      assertThat(lastAppliedContent(d, "/etc/motd")).isEqualTo("after the restarts");
    }
  }

  @Test
  void a_hub_outage_longer_than_the_sdks_fast_retry_is_survived(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "outage", DeviceUnderTest::fast).started()) {
      d.patchDesired(file("motd", "/etc/motd", "v1"));
      d.awaitStatus("files", "succeeded");

      hub.stop();
      d.await("the agent to notice the outage", () -> !d.agent.isConnected());
      assertThat(d.agent.connectionState()).isIn("retrying", "disconnected");
      hub.start();
      d.patchDesired(file("motd", "/etc/motd", "v2"));

      d.awaitStatus("files", "succeeded");
      d.await("the agent to report itself connected", () -> "connected".equals(d.agent.connectionState()));
      assertThat(d.file("/etc/motd")).isEqualTo("v2");
      assertJournalKeptEveryIntent(d);
      assertThat(lastAppliedContent(d, "/etc/motd")).isEqualTo("v2");
    }
  }

  /** The files capability on the {@code gated-files} test adapter, whose writes the test can hold. */
  private static AgentConfig gated(AgentConfig config) {
    try {
      Path definitions = Path.of(AgentHubRestartTest.class.getResource("gated").toURI());
      return DeviceUnderTest.fast(config).withDefinitions(List.of(definitions));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String manyFiles(int round) {
    StringBuilder files = new StringBuilder("{\"files\": {");
    for (int i = 0; i < FILES_PER_ROUND; i++) {
      files.append(i == 0 ? "" : ", ").append("\"r").append(round).append("f").append(i).append("\": {\"path\": ")
          .append("\"/etc/r").append(round).append("/f").append(i).append("\", \"content\": \"round ").append(round)
          .append(" file ").append(i).append("\"}");
    }
    return files.append("}}").toString();
  }

  /** The journal's chain is intact, and every intent it holds has its outcome: no write was left unaccounted for. */
  static void assertJournalKeptEveryIntent(DeviceUnderTest d) {
    assertThat(JournalVerifier.verify(d.journalRecords()).isClean()).as("journal chain").isTrue();
    List<JournalEntry> entries = d.journal();
    List<JournalEntry> intents = entries.stream().filter(e -> e.kind() == JournalEntry.Kind.INTENT).toList();
    assertThat(intents).isNotEmpty();
    for (JournalEntry intent : intents) {
      assertThat(entries).as("an outcome for intent %s on %s", intent.seq(), intent.node())
          .anySatisfy(e -> assertThat(e.isOutcomeOf(intent.seq())).isTrue());
    }
  }

  /**
   * The content of file {@code path} as the last {@code applied} outcome in the journal wrote it: a new file is one
   * {@code add} of {@code ./Files<path>} (its content inside), a changed one a {@code replace} of its
   * {@code Content} node.
   */
  static String lastAppliedContent(DeviceUnderTest d, String path) {
    String fileNode = "./Files" + path;
    List<String> written = d.journal().stream()
        .filter(e -> e.kind() == JournalEntry.Kind.OUTCOME && "applied".equals(e.result()))
        .filter(e -> fileNode.equals(e.node()) || (fileNode + "/Content").equals(e.node()))
        .map(e -> e.after() instanceof NodeValue.Obj o ? o.text("content").orElse("") : text(e.after()))
        .toList();
    assertThat(written).as("applied writes of " + path + " in " + d.journalRecords()).isNotEmpty();
    return written.get(written.size() - 1);
  }

  private static String text(NodeValue value) {
    return value instanceof NodeValue.Text t ? t.value() : value.toString();
  }
}
