package dev.converge.adapters.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.adapters.fs.RootedFiles;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.NodeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs adapter on a real file tree: a root folder, with a folder beside it that links may point to. */
class LogFolderAdapterTest {

  private static final NodePath FOLDERS = NodePath.of("./Logs/EnumerateFolders");

  @TempDir Path sandbox;
  private Path root;
  private Path logs;
  private Path outside;
  private LogFolderAdapter adapter;

  @BeforeEach
  void open_adapter_on_a_root_with_a_folder_beside_it() throws IOException {
    root = Files.createDirectory(sandbox.resolve("root"));
    logs = root.resolve("var/log/converge");
    outside = Files.createDirectory(sandbox.resolve("outside"));
    adapter = new LogFolderAdapter(RootedFiles.of(root), LogFolderAdapter.DEFAULT_FOLDER);
  }

  private Path givenLog(String relative, String content) throws IOException {
    Path file = logs.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static NodePath files(String folder) {
    return NodePath.of("./Logs/" + folder + "/EnumerateFiles");
  }

  private static NodePath delete(String folder, String file) {
    return NodePath.of("./Logs/" + folder + "/" + file + "/Delete");
  }

  private NodeResult exec(NodePath node) {
    return adapter.exec(node, NodeValue.Obj.empty());
  }

  private static NodeValue list(String... names) {
    List<NodeValue> items = new ArrayList<>();
    for (String n : names) {
      items.add(NodeValue.of(n));
    }
    return NodeValue.object("list", new NodeValue.Seq(items));
  }

  private static NodeResult.Rejected rejected(NodeResult result) {
    assertThat(result).isInstanceOf(NodeResult.Rejected.class);
    return (NodeResult.Rejected) result;
  }

  @Test
  void describes_itself_as_the_logs_adapter() {
    assertThat(adapter.describe().id()).isEqualTo("logs");
  }

  @Nested
  class EnumerateFolders {

    @Test
    void lists_the_log_folders_sorted() throws IOException {
      givenLog("updates/apt.log", "x");
      givenLog("agent/agent.log", "x");
      Files.createDirectories(logs.resolve("Zebra"));

      assertThat(exec(FOLDERS)).isEqualTo(NodeResult.ok(list("Zebra", "agent", "updates")));
    }

    @Test
    void leaves_out_files_hidden_folders_and_links_out_of_the_root() throws IOException {
      givenLog("agent/agent.log", "x");
      givenLog("stray.log", "x");
      Files.createDirectories(logs.resolve(".cache"));
      Files.createSymbolicLink(logs.resolve("escape"), outside);
      Files.createSymbolicLink(logs.resolve("alias"), logs.resolve("agent"));

      assertThat(exec(FOLDERS)).isEqualTo(NodeResult.ok(list("agent", "alias")));
    }

    @Test
    void answers_an_empty_list_when_nothing_has_logged_yet() {
      assertThat(exec(FOLDERS)).isEqualTo(NodeResult.ok(list()));
    }

    @Test
    void rejects_a_log_folder_that_is_a_file() throws IOException {
      Files.createDirectories(logs.getParent());
      Files.writeString(logs, "not a folder");

      NodeResult.Rejected r = rejected(exec(FOLDERS));

      assertThat(r.message()).contains("/var/log/converge is not a folder");
      assertThat(r.parameters()).containsEntry("path", "/var/log/converge");
    }

    @Test
    void uses_the_configured_log_folder() throws IOException {
      Files.createDirectories(root.resolve("srv/logs/app"));
      LogFolderAdapter configured = new LogFolderAdapter(RootedFiles.of(root), "/srv/logs/");

      assertThat(configured.exec(FOLDERS, NodeValue.Obj.empty())).isEqualTo(NodeResult.ok(list("app")));
      assertThatThrownBy(() -> new LogFolderAdapter(RootedFiles.of(root), "srv/logs"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    }

    @Test
    void cuts_a_long_list_short_and_says_so() throws IOException {
      String prefix = "f".repeat(200);
      for (int i = 0; i < 600; i++) {
        Files.createDirectories(logs.resolve(prefix + String.format("%03d", i)));
      }

      NodeValue.Obj value = (NodeValue.Obj) exec(FOLDERS).valueOrAbsent();

      assertThat(((NodeValue.Seq) value.get("list")).items()).hasSizeLessThan(600).hasSizeGreaterThan(400);
      assertThat(value.get("truncated")).isEqualTo(NodeValue.of(true));
      assertThat(value.get("total")).isEqualTo(NodeValue.of(600));
      assertThat(value.toJsonText().length()).isLessThan(128 * 1024);
    }

    @Test
    void fails_naming_the_file_when_the_root_folder_is_missing() {
      LogFolderAdapter rootless = new LogFolderAdapter(RootedFiles.of(sandbox.resolve("gone")),
          LogFolderAdapter.DEFAULT_FOLDER);

      NodeResult result = rootless.exec(FOLDERS, NodeValue.Obj.empty());

      assertThat(result).isInstanceOf(NodeResult.Failed.class);
      NodeResult.Failed failed = (NodeResult.Failed) result;
      assertThat(failed.message()).contains("cannot list /var/log/converge");
      assertThat(failed.parameters()).containsEntry("node", FOLDERS.value())
          .containsEntry("file", sandbox.resolve("gone").toString());
    }
  }

  @Nested
  class EnumerateFiles {

    @Test
    void lists_the_regular_files_of_a_folder_sorted() throws IOException {
      givenLog("agent/b.log", "x");
      givenLog("agent/a.log.1", "x");
      givenLog("agent/archive/old.log", "x");
      givenLog("agent/.agent.log.converge-tmp", "x");

      assertThat(exec(files("agent"))).isEqualTo(NodeResult.ok(list("a.log.1", "b.log")));
    }

    @Test
    void leaves_out_files_linked_out_of_the_root() throws IOException {
      givenLog("agent/a.log", "x");
      Files.writeString(outside.resolve("secret"), "x");
      Files.createSymbolicLink(logs.resolve("agent/secret.log"), outside.resolve("secret"));

      assertThat(exec(files("agent"))).isEqualTo(NodeResult.ok(list("a.log")));
    }

    @Test
    void rejects_a_missing_folder_naming_its_path() throws IOException {
      givenLog("agent/a.log", "x");

      NodeResult.Rejected r = rejected(exec(files("nope")));

      assertThat(r.message()).contains("no log folder 'nope'").contains("/var/log/converge/nope does not exist");
      assertThat(r.parameters()).containsEntry("value", "nope").containsEntry("path", "/var/log/converge/nope")
          .containsEntry("node", files("nope").value());
    }

    @Test
    void refuses_a_folder_linked_out_of_the_root() throws IOException {
      Files.writeString(outside.resolve("passwd"), "root:x:0:0");
      Files.createDirectories(logs);
      Files.createSymbolicLink(logs.resolve("escape"), outside);

      NodeResult.Rejected r = rejected(exec(files("escape")));

      assertThat(r.message()).contains("/var/log/converge/escape is refused").contains("outside the root");
      assertThat(r.parameters()).containsEntry("path", "/var/log/converge/escape")
          .containsEntry("root", root.toString());
    }

    @Test
    void rejects_dot_dot_and_hidden_names_naming_the_value() {
      NodeResult.Rejected up = rejected(exec(files("..")));
      NodeResult.Rejected hidden = rejected(exec(files(".ssh")));

      assertThat(up.message()).contains("'..' is refused as a log folder name");
      assertThat(up.parameters()).containsEntry("value", "..");
      assertThat(hidden.message()).contains("starts with '.'");
      assertThat(hidden.parameters()).containsEntry("value", ".ssh");
    }

    @Test
    void rejects_a_name_holding_a_slash_as_a_path() {
      NodeResult.Rejected r = rejected(exec(NodePath.of("./Logs/agent/sub/EnumerateFiles")));

      assertThat(r.message()).contains("single names without '/'").contains("'agent/sub'");
      assertThat(r.parameters()).containsEntry("value", "agent/sub");
    }
  }

  @Nested
  class Delete {

    @Test
    void deletes_one_log_file_and_nothing_else() throws IOException {
      Path doomed = givenLog("agent/old.log", "x");
      Path kept = givenLog("agent/new.log", "y");

      NodeResult result = exec(delete("agent", "old.log"));

      assertThat(result.isSuccess()).isTrue();
      assertThat(result.valueOrAbsent().isAbsent()).isTrue();
      assertThat(doomed).doesNotExist();
      assertThat(kept).hasContent("y");
      assertThat(exec(files("agent"))).isEqualTo(NodeResult.ok(list("new.log")));
    }

    @Test
    void rejects_a_missing_file_naming_its_path() throws IOException {
      givenLog("agent/a.log", "x");

      NodeResult.Rejected r = rejected(exec(delete("agent", "gone.log")));
      NodeResult.Rejected noFolder = rejected(exec(delete("nope", "a.log")));

      assertThat(r.message()).contains("no log file 'agent/gone.log'").contains("/var/log/converge/agent/gone.log");
      assertThat(r.parameters()).containsEntry("path", "/var/log/converge/agent/gone.log")
          .containsEntry("file", logs.resolve("agent/gone.log").toString());
      assertThat(noFolder.parameters()).containsEntry("path", "/var/log/converge/nope/a.log");
    }

    @Test
    void refuses_to_delete_a_folder() throws IOException {
      givenLog("agent/archive/old.log", "x");

      NodeResult.Rejected r = rejected(exec(delete("agent", "archive")));

      assertThat(r.message()).contains("is a folder, not a log file");
      assertThat(logs.resolve("agent/archive/old.log")).exists();
    }

    @Test
    void refuses_a_file_linked_out_of_the_root_and_leaves_both_alone() throws IOException {
      Path secret = Files.writeString(outside.resolve("secret"), "keep");
      Files.createDirectories(logs.resolve("agent"));
      Path link = Files.createSymbolicLink(logs.resolve("agent/secret.log"), secret);

      NodeResult.Rejected r = rejected(exec(delete("agent", "secret.log")));

      assertThat(r.message()).contains("outside the root");
      assertThat(secret).hasContent("keep");
      assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void refuses_a_file_in_a_folder_linked_out_of_the_root() throws IOException {
      Path secret = Files.writeString(outside.resolve("secret.log"), "keep");
      Files.createDirectories(logs);
      Files.createSymbolicLink(logs.resolve("escape"), outside);

      NodeResult.Rejected r = rejected(exec(delete("escape", "secret.log")));

      assertThat(r.parameters()).containsEntry("path", "/var/log/converge/escape/secret.log");
      assertThat(secret).hasContent("keep");
    }

    @Test
    void rejects_traversal_in_either_name_before_touching_anything() throws IOException {
      Path victim = Files.writeString(root.resolve("victim"), "keep");

      NodeResult.Rejected folder = rejected(exec(delete("..", "victim")));
      NodeResult.Rejected file = rejected(exec(delete("agent", "..")));

      assertThat(folder.message()).contains("log folder name");
      assertThat(file.message()).contains("log file name");
      assertThat(file.parameters()).containsEntry("value", "..");
      assertThat(victim).hasContent("keep");
    }
  }

  @Nested
  class OtherNodes {

    @Test
    void has_nothing_to_read_or_write() {
      NodePath node = NodePath.of("./Logs/agent");

      assertThat(adapter.get(node)).isInstanceOf(NodeResult.Rejected.class);
      assertThat(adapter.replace(node, NodeValue.of("x"))).isInstanceOf(NodeResult.Rejected.class);
      assertThat(adapter.add(node, NodeValue.of("x"))).isInstanceOf(NodeResult.Rejected.class);
      assertThat(adapter.delete(node)).isInstanceOf(NodeResult.Rejected.class);
    }

    @Test
    void rejects_nodes_that_are_no_logs_command() {
      NodeResult.Rejected r = rejected(exec(NodePath.of("./Files/etc/motd")));
      NodeResult.Rejected unknown = rejected(exec(NodePath.of("./Logs/agent/Upload")));

      assertThat(r.message()).contains("not a logs command node");
      assertThat(unknown.parameters()).containsEntry("node", "./Logs/agent/Upload");
    }
  }
}
