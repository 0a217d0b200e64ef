package dev.converge.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.engine.model.NodeValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalState} on a real temporary folder. */
class LocalStateTest {

  @TempDir Path tmp;

  static AgentState sample() {
    return new AgentState("dev-1", null, "contoso.azure-devices.net", AgentState.Connection.CONNECTED,
        Instant.parse("2026-11-26T04:00:00Z"), 17,
        (NodeValue.Obj) NodeValue.parse("{\"files\": {\"motd\": {\"path\": \"/etc/motd\", \"content\": \"hi\\n\"}},"
            + " \"n\": 1.50}"),
        (NodeValue.Obj) NodeValue.parse("{\"files\": {\"__meta\": {\"deploymentStatus\": \"succeeded\"}}}"),
        Instant.parse("2026-11-26T04:00:05.123Z"), 4242);
  }

  @Test
  void saved_state_loads_back_equal() throws Exception {
    LocalState local = new LocalState(tmp.resolve("data"));
    AgentState state = sample();

    local.save(state);

    assertThat(local.load()).contains(state);
    assertThat(local.stateFile()).isEqualTo(tmp.resolve("data/state.json"));
    assertThat(local.journalFile()).isEqualTo(tmp.resolve("data/journal.jsonl"));
  }

  @Test
  void a_module_identity_and_every_connection_state_round_trip() throws Exception {
    LocalState local = new LocalState(tmp);
    for (AgentState.Connection c : AgentState.Connection.values()) {
      AgentState state = new AgentState("dev-1", "converge", "hub.example", c, Instant.EPOCH, 0,
          NodeValue.Obj.empty(), NodeValue.Obj.empty(), Instant.EPOCH, 1);
      local.save(state);
      assertThat(local.require()).isEqualTo(state);
    }
  }

  @Test
  void the_file_and_a_new_folder_are_readable_by_the_owner_only() throws Exception {
    LocalState local = new LocalState(tmp.resolve("new/data"));

    local.save(sample());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local.stateFile())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local.folder())))
        .isEqualTo("rwx------");
  }

  @Test
  void a_save_replaces_the_previous_state_and_leaves_no_temporary_file() throws Exception {
    LocalState local = new LocalState(tmp);
    local.save(sample());
    AgentState later = sample().withConnection(AgentState.Connection.CONNECTING,
        Instant.parse("2026-11-26T05:00:00Z"));

    local.save(later);

    assertThat(local.load()).contains(later);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void no_state_file_is_empty_and_require_says_the_agent_has_not_run_with_this_folder() throws Exception {
    LocalState local = new LocalState(tmp);

    assertThat(local.load()).isEmpty();
    assertThatThrownBy(local::require).isInstanceOfSatisfying(LocalState.Unreadable.class, e -> {
      assertThat(e.isMissing()).isTrue();
      assertThat(e.file()).isEqualTo(tmp.resolve("state.json"));
    }).hasMessageContaining(tmp.resolve("state.json").toString()).hasMessageContaining("has not run");
    assertThat(tmp).isEmptyDirectory();
  }

  @Test
  void a_damaged_file_is_refused_naming_the_file_and_the_position() throws Exception {
    LocalState local = new LocalState(tmp);
    local.save(sample());
    String text = Files.readString(local.stateFile());
    Files.writeString(local.stateFile(), text.substring(0, text.length() / 2));

    assertThatThrownBy(local::load).isInstanceOfSatisfying(LocalState.Unreadable.class,
        e -> assertThat(e.isMissing()).isFalse())
        .hasMessageContaining(local.stateFile().toString()).hasMessageContaining("damaged")
        .hasMessageContaining("not valid JSON at line");
  }

  @Test
  void damaged_fields_are_named() throws Exception {
    LocalState local = new LocalState(tmp);
    local.save(sample());
    String good = Files.readString(local.stateFile());

    Files.writeString(local.stateFile(), good.replace("\"deviceId\" : \"dev-1\",", ""));
    assertThatThrownBy(local::load).hasMessageContaining("'deviceId' is missing");

    Files.writeString(local.stateFile(), good.replace("\"connected\"", "\"online\""));
    assertThatThrownBy(local::load).hasMessageContaining("unknown connection state 'online'");

    Files.writeString(local.stateFile(), good.replace("\"desiredVersion\" : 17", "\"desiredVersion\" : \"17\""));
    assertThatThrownBy(local::load).hasMessageContaining("'desiredVersion' must be a whole number");

    Files.writeString(local.stateFile(), good.replace("2026-11-26T04:00:00Z", "yesterday"));
    assertThatThrownBy(local::load).hasMessageContaining("'connectionSince' is not an ISO-8601 UTC time");

    Files.writeString(local.stateFile(), "");
    assertThatThrownBy(local::load).hasMessageContaining("the file is empty");

    Files.write(local.stateFile(), new byte[] {'{', (byte) 0xff, '}'});
    assertThatThrownBy(local::load).hasMessageContaining("not UTF-8");

    Files.writeString(local.stateFile(), good.replace("\"format\" : 1", "\"format\" : 2"));
    assertThatThrownBy(local::load).hasMessageContaining("format 2").hasMessageContaining("reads format 1");
  }

  @Test
  void a_partly_written_temporary_file_left_by_a_crash_is_ignored_and_replaced() throws Exception {
    LocalState local = new LocalState(tmp);
    local.save(sample());
    Path temp = tmp.resolve("state.json.tmp");
    Files.writeString(temp, "{\"format\": 1, \"deviceId\": \"dev-");
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(local.load()).contains(sample());

    AgentState next = sample().withReported(NodeValue.Obj.empty(), Instant.parse("2026-11-26T06:00:00Z"));
    local.save(next);

    assertThat(local.load()).contains(next);
    assertThat(temp).doesNotExist();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(local.stateFile())))
        .isEqualTo("rw-------");
  }

  @Test
  void a_save_that_cannot_write_names_the_file_and_keeps_the_old_state() throws Exception {
    LocalState local = new LocalState(tmp);
    local.save(sample());
    Files.createDirectory(tmp.resolve("state.json.tmp.d"));
    // A folder where the temporary file goes: the write fails before anything is replaced.
    Files.move(tmp.resolve("state.json.tmp.d"), tmp.resolve("state.json.tmp"));
    Files.writeString(tmp.resolve("state.json.tmp/keep"), "x");

    assertThatThrownBy(() -> local.save(sample().withDesired(18, NodeValue.Obj.empty(), Instant.EPOCH)))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(local.stateFile().toString());
    assertThat(local.load()).contains(sample());
  }

  @Test
  void to_string_never_shows_the_documents() throws Exception {
    AgentState state = sample().withDesired(18, (NodeValue.Obj) NodeValue.parse("{\"s\": {\"apiToken\": \"hunter22\"}}"),
        Instant.EPOCH);

    assertThat(state.toString()).doesNotContain("hunter22").contains("dev-1").contains("desired version 18");
  }
}
