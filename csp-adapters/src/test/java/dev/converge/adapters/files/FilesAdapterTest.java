package dev.converge.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.adapters.fs.RootedFiles;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterInfo;
import dev.converge.engine.port.NodeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesAdapterTest {

  private static final NodePath MOTD = NodePath.of("./Files/etc/motd");
  private static final NodePath MOTD_CONTENT = NodePath.of("./Files/etc/motd/Content");
  private static final NodePath MOTD_MODE = NodePath.of("./Files/etc/motd/Mode");
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

  @TempDir Path sandbox;
  private Path root;
  private Path outside;
  private FilesAdapter adapter;

  @BeforeEach
  void open_adapter_on_a_root_with_a_folder_beside_it() throws IOException {
    root = Files.createDirectory(sandbox.resolve("root"));
    outside = Files.createDirectory(sandbox.resolve("outside"));
    adapter = new FilesAdapter(RootedFiles.of(root));
  }

  private Path motd() {
    return root.resolve("etc/motd");
  }

  private void givenMotd(String content, String mode) throws IOException {
    Files.createDirectories(motd().getParent());
    Files.writeString(motd(), content);
    Files.setAttribute(motd(), "unix:mode", Integer.parseInt(mode, 8));
    Files.setLastModifiedTime(motd(), LONG_AGO);
  }

  private String modeOf(Path file) throws IOException {
    return String.format("%04o", (Integer) Files.getAttribute(file, "unix:mode") & 07777);
  }

  private static NodeValue.Obj file(String content, String mode) {
    return NodeValue.object("content", NodeValue.of(content), "mode", NodeValue.of(mode));
  }

  private static NodeResult.Rejected rejected(NodeResult result) {
    assertThat(result).isInstanceOf(NodeResult.Rejected.class);
    return (NodeResult.Rejected) result;
  }

  private static NodeResult.Failed failed(NodeResult result) {
    assertThat(result).isInstanceOf(NodeResult.Failed.class);
    return (NodeResult.Failed) result;
  }

  @Test
  void describes_itself_as_the_files_adapter() {
    assertThat(adapter.describe()).isEqualTo(new AdapterInfo("files",
        "Content and permission bits of text files under the agent's root folder", "1.0.0", true));
  }

  @Nested
  class Reads {

    @Test
    void reads_a_file_as_content_and_mode() throws IOException {
      givenMotd("welcome\n", "0640");

      assertThat(adapter.get(MOTD)).isEqualTo(NodeResult.ok(file("welcome\n", "0640")));
    }

    @Test
    void reads_content_and_mode_nodes() throws IOException {
      givenMotd("welcome\n", "0640");

      assertThat(adapter.get(MOTD_CONTENT)).isEqualTo(NodeResult.ok(NodeValue.of("welcome\n")));
      assertThat(adapter.get(MOTD_MODE)).isEqualTo(NodeResult.ok(NodeValue.of("0640")));
    }

    @Test
    void reads_every_node_of_a_missing_file_as_absent() {
      assertThat(adapter.get(MOTD)).isEqualTo(NodeResult.absent());
      assertThat(adapter.get(MOTD_CONTENT)).isEqualTo(NodeResult.absent());
      assertThat(adapter.get(MOTD_MODE)).isEqualTo(NodeResult.absent());
    }

    @Test
    void reads_the_whole_tree_in_one_call() throws IOException {
      givenMotd("hi", "0600");

      assertThat(adapter.getAll(List.of(MOTD_CONTENT, MOTD_MODE))).containsExactly(
          Map.entry(MOTD_CONTENT, NodeResult.ok(NodeValue.of("hi"))),
          Map.entry(MOTD_MODE, NodeResult.ok(NodeValue.of("0600"))));
    }

    @Test
    void fails_naming_the_file_when_its_content_is_not_utf8() throws IOException {
      Files.createDirectories(motd().getParent());
      Files.write(motd(), new byte[] {0x7f, 0x45, 0x4c, 0x46, (byte) 0xff, (byte) 0xc3, 0x28});

      NodeResult.Failed failed = failed(adapter.get(MOTD_CONTENT));

      assertThat(failed.message()).contains("/etc/motd", "not UTF-8 text");
      assertThat(failed.parameters()).containsEntry("node", MOTD_CONTENT.value())
          .containsEntry("file", motd().toString());
      assertThat(adapter.get(MOTD_MODE)).isEqualTo(NodeResult.ok(NodeValue.of("0644")));
    }

    @Test
    void fails_with_the_blocking_path_when_a_folder_on_the_way_is_a_file() throws IOException {
      Files.writeString(root.resolve("etc"), "not a folder");

      NodeResult.Failed failed = failed(adapter.get(MOTD));

      assertThat(failed.message()).contains("/etc/motd", "Not a directory");
      assertThat(failed.parameters()).containsEntry("file", motd().toString());
    }

    @Test
    void reads_a_file_reached_through_a_link_inside_the_root() throws IOException {
      givenMotd("shared", "0644");
      Files.createSymbolicLink(root.resolve("motd-link"), motd());

      assertThat(adapter.get(NodePath.of("./Files/motd-link/Content")))
          .isEqualTo(NodeResult.ok(NodeValue.of("shared")));
    }
  }

  @Nested
  class FileNodes {

    @Test
    void adds_a_file_with_content_and_mode_creating_its_folders() throws IOException {
      NodeResult result = adapter.add(NodePath.of("./Files/opt/app/conf/app.ini"), file("[app]\n", "0600"));

      assertThat(result).isEqualTo(NodeResult.ok(file("[app]\n", "0600")));
      Path ini = root.resolve("opt/app/conf/app.ini");
      assertThat(ini).hasContent("[app]\n");
      assertThat(modeOf(ini)).isEqualTo("0600");
    }

    @Test
    void adds_an_empty_file_with_mode_0644_by_default() throws IOException {
      NodeResult result = adapter.add(MOTD, NodeValue.Obj.empty());

      assertThat(result).isEqualTo(NodeResult.ok(file("", "0644")));
      assertThat(motd()).isEmptyFile();
      assertThat(modeOf(motd())).isEqualTo("0644");
    }

    @Test
    void adds_quietly_when_the_same_file_is_already_there() throws IOException {
      givenMotd("same", "0640");

      assertThat(adapter.add(MOTD, file("same", "0640"))).isEqualTo(NodeResult.ok(file("same", "0640")));
      assertThat(Files.getLastModifiedTime(motd())).isEqualTo(LONG_AGO);
    }

    @Test
    void refuses_to_add_over_a_different_file_and_leaves_it_alone() throws IOException {
      givenMotd("theirs", "0640");

      NodeResult.Rejected rejected = rejected(adapter.add(MOTD, file("ours", "0640")));

      assertThat(rejected.message()).contains("/etc/motd", "already exists", "replace");
      assertThat(motd()).hasContent("theirs");
    }

    @Test
    void replaces_a_file_with_new_content_and_mode() throws IOException {
      givenMotd("old", "0644");

      assertThat(adapter.replace(MOTD, file("new", "0600"))).isEqualTo(NodeResult.ok(file("new", "0600")));
      assertThat(motd()).hasContent("new");
      assertThat(modeOf(motd())).isEqualTo("0600");
    }

    @Test
    void replaces_a_missing_file_by_creating_it() throws IOException {
      assertThat(adapter.replace(MOTD, file("new", "0600"))).isEqualTo(NodeResult.ok(file("new", "0600")));
      assertThat(motd()).hasContent("new");
    }

    @Test
    void replaces_omitted_fields_with_their_defaults() throws IOException {
      givenMotd("old", "0600");

      assertThat(adapter.replace(MOTD, NodeValue.object("content", NodeValue.of("new"))))
          .isEqualTo(NodeResult.ok(file("new", "0644")));
      assertThat(modeOf(motd())).isEqualTo("0644");
    }

    @Test
    void replacing_with_the_same_value_touches_nothing() throws IOException {
      givenMotd("same", "0640");
      Object inode = Files.getAttribute(motd(), "unix:ino");

      assertThat(adapter.replace(MOTD, file("same", "0640"))).isEqualTo(NodeResult.ok(file("same", "0640")));

      assertThat(Files.getLastModifiedTime(motd())).isEqualTo(LONG_AGO);
      assertThat(Files.getAttribute(motd(), "unix:ino")).isEqualTo(inode);
    }

    @Test
    void changes_only_the_mode_when_the_content_already_matches() throws IOException {
      givenMotd("same", "0644");
      Object inode = Files.getAttribute(motd(), "unix:ino");

      adapter.replace(MOTD, file("same", "0600"));

      assertThat(modeOf(motd())).isEqualTo("0600");
      assertThat(Files.getLastModifiedTime(motd())).isEqualTo(LONG_AGO);
      assertThat(Files.getAttribute(motd(), "unix:ino")).isEqualTo(inode);
    }

    @Test
    void replaces_a_file_that_is_not_utf8_text() throws IOException {
      Files.createDirectories(motd().getParent());
      Files.write(motd(), new byte[] {(byte) 0xff, (byte) 0xfe});

      assertThat(adapter.replace(MOTD, file("text now", "0644"))).isEqualTo(NodeResult.ok(file("text now", "0644")));
      assertThat(motd()).hasContent("text now");
    }

    @Test
    void deletes_a_file() throws IOException {
      givenMotd("bye", "0644");

      assertThat(adapter.delete(MOTD)).isEqualTo(NodeResult.ok(NodeValue.absent()));
      assertThat(motd()).doesNotExist();
      assertThat(root.resolve("etc")).isDirectory();
    }

    @Test
    void deleting_a_missing_file_is_absent() {
      assertThat(adapter.delete(MOTD)).isEqualTo(NodeResult.absent());
    }

    @Test
    void reads_a_lone_content_segment_as_a_file_named_content() throws IOException {
      NodePath node = NodePath.of("./Files/Content");

      adapter.add(node, file("x", "0644"));

      assertThat(root.resolve("Content")).hasContent("x");
      assertThat(adapter.get(node)).isEqualTo(NodeResult.ok(file("x", "0644")));
    }
  }

  @Nested
  class ContentNodes {

    @Test
    void creates_a_missing_file_with_mode_0644() throws IOException {
      assertThat(adapter.replace(MOTD_CONTENT, NodeValue.of("hello"))).isEqualTo(NodeResult.ok(NodeValue.of("hello")));

      assertThat(motd()).hasContent("hello");
      assertThat(modeOf(motd())).isEqualTo("0644");
    }

    @Test
    void keeps_the_mode_of_an_existing_file() throws IOException {
      givenMotd("old", "0600");

      adapter.replace(MOTD_CONTENT, NodeValue.of("new"));

      assertThat(motd()).hasContent("new");
      assertThat(modeOf(motd())).isEqualTo("0600");
    }

    @Test
    void adds_like_it_replaces() throws IOException {
      givenMotd("old", "0600");

      assertThat(adapter.add(MOTD_CONTENT, NodeValue.of("new"))).isEqualTo(NodeResult.ok(NodeValue.of("new")));
      assertThat(motd()).hasContent("new");
    }

    @Test
    void replacing_with_the_same_text_does_not_touch_the_file() throws IOException {
      givenMotd("same", "0644");

      assertThat(adapter.replace(MOTD_CONTENT, NodeValue.of("same"))).isEqualTo(NodeResult.ok(NodeValue.of("same")));
      assertThat(Files.getLastModifiedTime(motd())).isEqualTo(LONG_AGO);
    }

    @Test
    void keeps_text_exactly_with_line_endings_and_unicode() throws IOException {
      String text = "line 1\r\nzweite Zeile ✓\n\u0000end";

      adapter.replace(MOTD_CONTENT, NodeValue.of(text));

      assertThat(adapter.get(MOTD_CONTENT)).isEqualTo(NodeResult.ok(NodeValue.of(text)));
    }

    @Test
    void cannot_be_deleted_on_its_own() throws IOException {
      givenMotd("keep", "0644");

      NodeResult.Rejected rejected = rejected(adapter.delete(MOTD_CONTENT));

      assertThat(rejected.message()).contains("delete the file node ./Files/etc/motd instead");
      assertThat(motd()).hasContent("keep");
    }

    @Test
    void rejects_text_that_cannot_be_utf8() {
      NodeResult.Rejected rejected = rejected(adapter.replace(MOTD_CONTENT, NodeValue.of("half \uD83D pair")));

      assertThat(rejected.message()).contains("unpaired surrogate");
      assertThat(motd()).doesNotExist();
    }
  }

  @Nested
  class ModeNodes {

    @Test
    void changes_the_mode_of_an_existing_file() throws IOException {
      givenMotd("x", "0644");

      assertThat(adapter.replace(MOTD_MODE, NodeValue.of("0400"))).isEqualTo(NodeResult.ok(NodeValue.of("0400")));
      assertThat(modeOf(motd())).isEqualTo("0400");
      assertThat(Files.getLastModifiedTime(motd())).isEqualTo(LONG_AGO);
    }

    @Test
    void replacing_with_the_same_mode_is_quiet() throws IOException {
      givenMotd("x", "0640");

      assertThat(adapter.add(MOTD_MODE, NodeValue.of("0640"))).isEqualTo(NodeResult.ok(NodeValue.of("0640")));
    }

    @Test
    void rejects_a_mode_for_a_missing_file() {
      NodeResult.Rejected rejected = rejected(adapter.replace(MOTD_MODE, NodeValue.of("0644")));

      assertThat(rejected.message()).contains("/etc/motd does not exist", "create ./Files/etc/motd first");
      assertThat(motd()).doesNotExist();
    }

    @Test
    void rejects_modes_that_are_not_permission_bits() throws IOException {
      givenMotd("x", "0644");

      for (String mode : new String[] {"644", "0648", "4755", "rw-r--r--", "00644"}) {
        NodeResult.Rejected rejected = rejected(adapter.replace(MOTD_MODE, NodeValue.of(mode)));
        assertThat(rejected.message()).contains("four octal digits", mode);
        assertThat(rejected.parameters()).containsEntry("value", mode);
      }
      assertThat(modeOf(motd())).isEqualTo("0644");
    }

    @Test
    void cannot_be_deleted_on_its_own() throws IOException {
      givenMotd("x", "0644");

      assertThat(rejected(adapter.delete(MOTD_MODE)).message()).contains("cannot be deleted on its own");
    }
  }

  @Nested
  class WrongValues {

    @Test
    void rejects_text_for_a_file_node_naming_the_expected_object() {
      NodeResult.Rejected rejected = rejected(adapter.replace(MOTD, NodeValue.of("content")));

      assertThat(rejected.message()).contains("expects an object with content and mode", "not text");
      assertThat(rejected.parameters()).containsEntry("node", MOTD.value()).containsEntry("value", "content");
    }

    @Test
    void rejects_an_unknown_field_of_a_file_node() {
      assertThat(rejected(adapter.add(MOTD, NodeValue.object("owner", NodeValue.of("root")))).message())
          .contains("no field 'owner'");
    }

    @Test
    void rejects_fields_of_the_wrong_type() {
      assertThat(rejected(adapter.add(MOTD, NodeValue.object("content", NodeValue.of(5)))).message())
          .contains("content expects text, not a number");
      assertThat(rejected(adapter.add(MOTD, NodeValue.object("mode", NodeValue.of(644)))).message())
          .contains("mode expects text");
      assertThat(rejected(adapter.add(MOTD, NodeValue.object("mode", NodeValue.of("0999")))).message())
          .contains("four octal digits");
    }

    @Test
    void rejects_a_number_for_content_and_a_boolean_for_mode() {
      assertThat(rejected(adapter.replace(MOTD_CONTENT, NodeValue.of(42))).message())
          .contains("expects text, not a number");
      assertThat(rejected(adapter.replace(MOTD_MODE, NodeValue.of(true))).message())
          .contains("expects text, not a boolean");
    }

    @Test
    void explains_that_a_file_named_content_cannot_be_managed() {
      NodeResult.Rejected rejected = rejected(adapter.add(MOTD_CONTENT, file("x", "0644")));

      assertThat(rejected.message()).contains("sets the content of /etc/motd", "a file named 'Content' cannot be managed");
      assertThat(motd()).doesNotExist();
    }
  }

  @Nested
  class NonRegularFiles {

    @Test
    void rejects_every_operation_on_a_directory_and_leaves_it_alone() throws IOException {
      Files.createDirectories(motd().resolve("inner"));

      for (NodeResult result : new NodeResult[] {adapter.get(MOTD), adapter.get(MOTD_CONTENT),
          adapter.replace(MOTD, file("x", "0644")), adapter.replace(MOTD_CONTENT, NodeValue.of("x")),
          adapter.replace(MOTD_MODE, NodeValue.of("0600")), adapter.delete(MOTD)}) {
        NodeResult.Rejected rejected = rejected(result);
        assertThat(rejected.message()).contains("/etc/motd is a directory, not a regular file");
        assertThat(rejected.parameters()).containsEntry("file", motd().toString());
      }
      assertThat(motd().resolve("inner")).isDirectory();
    }
  }

  @Nested
  class Escapes {

    @Test
    void rejects_a_dot_dot_path_naming_node_path_and_root_and_writes_nothing() throws IOException {
      NodePath node = NodePath.of("./Files/../outside/planted");

      NodeResult.Rejected rejected = rejected(adapter.add(node, file("x", "0644")));

      assertThat(rejected.parameters()).isEqualTo(Map.of(
          "node", node.value(), "path", "/../outside/planted", "root", root.toString()));
      assertThat(rejected.message()).contains("/../outside/planted", root.toString());
      assertThat(outside).isEmptyDirectory();
      assertThat(root).isEmptyDirectory();
    }

    @Test
    void rejects_a_path_through_a_link_to_outside_and_writes_nothing() throws IOException {
      Files.createSymbolicLink(root.resolve("etc"), outside);

      NodeResult.Rejected rejected = rejected(adapter.replace(MOTD_CONTENT, NodeValue.of("planted")));

      assertThat(rejected.parameters()).containsEntry("path", "/etc/motd").containsEntry("root", root.toString());
      assertThat(outside).isEmptyDirectory();
    }

    @Test
    void rejects_reads_and_deletes_through_a_link_to_outside() throws IOException {
      Path secret = Files.writeString(outside.resolve("secret"), "do not read");
      Files.createSymbolicLink(root.resolve("secret"), secret);
      NodePath node = NodePath.of("./Files/secret");

      assertThat(rejected(adapter.get(node)).message()).doesNotContain("do not read");
      rejected(adapter.delete(node));
      assertThat(secret).hasContent("do not read");
    }
  }

  @Nested
  class Failures {

    @Test
    void fails_with_node_file_and_value_when_a_folder_on_the_way_is_a_file() throws IOException {
      // Tests may run as root, where permission bits do not stop a write; a file where a folder must be always does.
      Files.writeString(root.resolve("etc"), "not a folder");

      NodeResult.Failed failed = failed(adapter.replace(MOTD_CONTENT, NodeValue.of("hello")));

      assertThat(failed.message()).startsWith("cannot write /etc/motd: ").contains(root.resolve("etc").toString());
      assertThat(failed.parameters()).isEqualTo(Map.of(
          "node", MOTD_CONTENT.value(), "file", motd().toString(), "value", "hello"));
      assertThat(root.resolve("etc")).hasContent("not a folder");
    }

    @Test
    void shortens_a_long_value_in_the_parameters() throws IOException {
      Files.writeString(root.resolve("etc"), "not a folder");

      NodeResult.Failed failed = failed(adapter.replace(MOTD_CONTENT, NodeValue.of("x".repeat(500))));

      assertThat(failed.parameters().get("value")).startsWith("x".repeat(100)).endsWith("(500 characters)");
    }

    @Test
    void fails_when_the_root_folder_is_missing() throws IOException {
      FilesAdapter rootless = new FilesAdapter(RootedFiles.of(sandbox.resolve("gone")));

      NodeResult.Failed failed = failed(rootless.get(MOTD));

      assertThat(failed.message()).contains("cannot read /etc/motd");
      assertThat(failed.parameters()).containsEntry("node", MOTD.value())
          .containsEntry("file", sandbox.resolve("gone").toString());
    }
  }

  @Nested
  class OtherNodes {

    @Test
    void rejects_nodes_outside_files() {
      NodeResult.Rejected rejected = rejected(adapter.get(NodePath.of("./Device/Time/TimeZone")));

      assertThat(rejected.message()).contains("not a files node");
      assertThat(rejected.parameters()).containsEntry("node", "./Device/Time/TimeZone");
    }

    @Test
    void has_no_commands() {
      assertThat(rejected(adapter.exec(MOTD, NodeValue.Obj.empty())).message()).contains("no commands");
    }
  }

  @Test
  void leaves_no_temporary_files_behind() throws IOException {
    adapter.add(MOTD, file("a", "0644"));
    adapter.replace(MOTD_CONTENT, NodeValue.of("b"));
    adapter.replace(MOTD, file("c", "0600"));

    try (Stream<Path> entries = Files.list(motd().getParent())) {
      assertThat(entries).containsExactly(motd());
    }
  }
}
