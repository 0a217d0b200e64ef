package dev.converge.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootedFilesTest {

  @TempDir Path sandbox;
  private Path root;
  private Path outside;
  private RootedFiles files;

  @BeforeEach
  void create_root_and_a_folder_beside_it() throws IOException {
    root = Files.createDirectory(sandbox.resolve("root"));
    outside = Files.createDirectory(sandbox.resolve("outside"));
    files = RootedFiles.of(root);
  }

  @Test
  void resolves_a_device_path_under_the_root() throws IOException {
    DeviceFile file = inside(files.resolve("/etc/motd"));

    assertThat(file.devicePath()).isEqualTo("/etc/motd");
    assertThat(file.location()).isEqualTo(root.resolve("etc/motd"));
  }

  @Test
  void drops_dot_and_empty_segments() throws IOException {
    assertThat(inside(files.resolve("/etc/./motd")).location()).isEqualTo(root.resolve("etc/motd"));
    assertThat(inside(files.resolve("//etc//motd")).location()).isEqualTo(root.resolve("etc/motd"));
  }

  @Test
  void refuses_a_dot_dot_segment_naming_the_path_and_the_root() throws IOException {
    Resolution.Refused refused = refused(files.resolve("/../outside/secret"));

    assertThat(refused.devicePath()).isEqualTo("/../outside/secret");
    assertThat(refused.root()).isEqualTo(root);
    assertThat(refused.message()).contains("/../outside/secret", "'..'", root.toString());
  }

  @Test
  void refuses_a_dot_dot_segment_even_when_it_stays_inside() throws IOException {
    refused(files.resolve("/etc/../etc/motd"));
  }

  @Test
  void refuses_a_relative_path() throws IOException {
    assertThat(refused(files.resolve("etc/motd")).reason()).isEqualTo("is not absolute");
  }

  @Test
  void refuses_a_path_with_a_nul_character() throws IOException {
    assertThat(refused(files.resolve("/etc/mo\0td")).reason()).startsWith("is not a valid path");
  }

  @Test
  void refuses_a_folder_link_that_leads_outside_the_root() throws IOException {
    Files.createSymbolicLink(root.resolve("etc"), outside);

    Resolution.Refused refused = refused(files.resolve("/etc/new/motd"));

    assertThat(refused.message()).contains("/etc/new/motd", outside.toRealPath().toString(), root.toString());
  }

  @Test
  void refuses_a_file_link_that_leads_outside_the_root() throws IOException {
    Files.writeString(outside.resolve("secret"), "x");
    Files.createSymbolicLink(root.resolve("motd"), outside.resolve("secret"));

    refused(files.resolve("/motd"));
  }

  @Test
  void refuses_a_link_whose_target_is_missing() throws IOException {
    Files.createSymbolicLink(root.resolve("etc"), outside.resolve("not-yet"));

    assertThat(refused(files.resolve("/etc/motd")).reason()).contains("target does not exist");
  }

  @Test
  void accepts_a_link_that_stays_inside_the_root() throws IOException {
    Files.createDirectories(root.resolve("usr/share/zoneinfo"));
    Files.createSymbolicLink(root.resolve("zoneinfo"), root.resolve("usr/share/zoneinfo"));

    assertThat(inside(files.resolve("/zoneinfo/UTC")).location()).isEqualTo(root.resolve("zoneinfo/UTC"));
  }

  @Test
  void accepts_a_root_reached_through_a_link() throws IOException {
    Path linkedRoot = Files.createSymbolicLink(sandbox.resolve("linked-root"), root);

    DeviceFile file = inside(RootedFiles.of(linkedRoot).resolve("/etc/motd"));

    assertThat(file.location()).isEqualTo(linkedRoot.resolve("etc/motd"));
  }

  @Test
  void fails_with_an_io_error_when_the_root_is_missing() {
    RootedFiles missing = RootedFiles.of(sandbox.resolve("no-root"));

    assertThatThrownBy(() -> missing.resolve("/etc/motd")).isInstanceOf(IOException.class);
  }

  @Test
  void refuses_a_relative_root_as_a_configuration_bug() {
    assertThatThrownBy(() -> RootedFiles.of(Path.of("relative/root")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relative/root");
  }

  static DeviceFile inside(Resolution resolution) {
    assertThat(resolution).isInstanceOf(Resolution.Inside.class);
    return ((Resolution.Inside) resolution).file();
  }

  static Resolution.Refused refused(Resolution resolution) {
    assertThat(resolution).isInstanceOf(Resolution.Refused.class);
    return (Resolution.Refused) resolution;
  }
}
