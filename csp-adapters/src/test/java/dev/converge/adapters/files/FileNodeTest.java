package dev.converge.adapters.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.adapters.files.FileNode.Aspect;
import dev.converge.engine.model.NodePath;
import org.junit.jupiter.api.Test;

class FileNodeTest {

  @Test
  void reads_a_file_node() {
    assertThat(FileNode.parse(NodePath.of("./Files/etc/motd")))
        .contains(new FileNode(NodePath.of("./Files/etc/motd"), "/etc/motd", Aspect.FILE));
  }

  @Test
  void reads_content_and_mode_as_attributes_of_the_path_before_them() {
    assertThat(FileNode.parse(NodePath.of("./Files/etc/motd/Content")))
        .contains(new FileNode(NodePath.of("./Files/etc/motd/Content"), "/etc/motd", Aspect.CONTENT));
    assertThat(FileNode.parse(NodePath.of("./Files/etc/motd/Mode")))
        .contains(new FileNode(NodePath.of("./Files/etc/motd/Mode"), "/etc/motd", Aspect.MODE));
  }

  @Test
  void reads_a_lone_content_or_mode_segment_as_a_file_in_the_root_folder() {
    assertThat(FileNode.parse(NodePath.of("./Files/Content")).orElseThrow().devicePath()).isEqualTo("/Content");
    assertThat(FileNode.parse(NodePath.of("./Files/Mode")).orElseThrow().aspect()).isEqualTo(Aspect.FILE);
  }

  @Test
  void matches_attribute_names_exactly() {
    assertThat(FileNode.parse(NodePath.of("./Files/etc/content")).orElseThrow().aspect()).isEqualTo(Aspect.FILE);
  }

  @Test
  void names_the_file_node_of_an_attribute() {
    assertThat(FileNode.parse(NodePath.of("./Files/etc/motd/Mode")).orElseThrow().fileNode())
        .isEqualTo(NodePath.of("./Files/etc/motd"));
  }

  @Test
  void does_not_read_nodes_outside_files() {
    assertThat(FileNode.parse(NodePath.of("./Device/Time/TimeZone"))).isEmpty();
    assertThat(FileNode.parse(NodePath.of("./Files"))).isEmpty();
  }
}
