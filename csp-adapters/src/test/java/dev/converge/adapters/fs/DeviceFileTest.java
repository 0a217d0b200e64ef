package dev.converge.adapters.fs;

import static dev.converge.adapters.fs.RootedFilesTest.inside;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceFileTest {

  @TempDir Path root;

  private DeviceFile file(String devicePath) throws IOException {
    return inside(RootedFiles.of(root).resolve(devicePath));
  }

  @Test
  void writes_a_new_file_with_content_and_mode_creating_its_folders() throws IOException {
    DeviceFile motd = file("/etc/ssh/motd");

    motd.write("welcome\n", "0640");

    assertThat(Files.readString(root.resolve("etc/ssh/motd"))).isEqualTo("welcome\n");
    assertThat(motd.mode()).isEqualTo("0640");
    assertThat(motd.kind()).isEqualTo(DeviceFile.Kind.REGULAR);
  }

  @Test
  void replaces_a_file_by_renaming_a_new_one_over_it() throws IOException {
    DeviceFile motd = file("/motd");
    motd.write("old", "0644");
    Object before = Files.readAttributes(motd.location(), "unix:ino").get("ino");

    motd.write("new", "0600");

    assertThat(Files.readAttributes(motd.location(), "unix:ino").get("ino")).isNotEqualTo(before);
    assertThat(motd.readText()).isEqualTo("new");
    assertThat(motd.mode()).isEqualTo("0600");
  }

  @Test
  void leaves_no_temporary_file_behind() throws IOException {
    file("/etc/motd").write("x", "0644");

    try (Stream<Path> entries = Files.list(root.resolve("etc"))) {
      assertThat(entries).containsExactly(root.resolve("etc/motd"));
    }
  }

  @Test
  void leaves_the_old_file_and_no_temporary_file_when_a_write_fails() throws IOException {
    DeviceFile motd = file("/motd");
    motd.write("old", "0644");

    assertThatThrownBy(() -> motd.write("bad \uD800 surrogate", "0644")).isInstanceOf(CharacterCodingException.class);

    assertThat(motd.readText()).isEqualTo("old");
    try (Stream<Path> entries = Files.list(root)) {
      assertThat(entries).containsExactly(motd.location());
    }
  }

  @Test
  void replaces_a_link_at_its_location_instead_of_writing_through_it() throws IOException {
    Path target = Files.writeString(root.resolve("shared"), "shared content");
    Files.createSymbolicLink(root.resolve("motd"), target);

    file("/motd").write("own content", "0644");

    assertThat(Files.isSymbolicLink(root.resolve("motd"))).isFalse();
    assertThat(Files.readString(target)).isEqualTo("shared content");
  }

  @Test
  void reads_and_sets_the_mode_as_four_octal_digits() throws IOException {
    DeviceFile script = file("/usr/local/bin/tool");
    script.write("#!/bin/sh\n", "0644");

    script.setMode("0755");
    assertThat(script.mode()).isEqualTo("0755");

    script.setMode("4750");
    assertThat(script.mode()).isEqualTo("4750");
  }

  @Test
  void refuses_a_mode_that_is_not_four_octal_digits() throws IOException {
    DeviceFile motd = file("/motd");
    motd.write("x", "0644");

    assertThatThrownBy(() -> motd.setMode("644")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> motd.setMode("0648")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> motd.write("y", "rw-r--r--")).isInstanceOf(IllegalArgumentException.class);
    assertThat(motd.readText()).isEqualTo("x");
  }

  @Test
  void reads_utf8_text_and_refuses_other_bytes() throws IOException {
    Files.writeString(root.resolve("greeting"), "grüß dich ✓");
    Files.write(root.resolve("blob"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

    assertThat(file("/greeting").readText()).isEqualTo("grüß dich ✓");
    assertThatThrownBy(() -> file("/blob").readText()).isInstanceOf(CharacterCodingException.class);
  }

  @Test
  void tells_missing_regular_directory_and_other_files_apart() throws IOException {
    Files.createDirectory(root.resolve("dir"));
    Files.writeString(root.resolve("file"), "");

    assertThat(file("/missing").kind()).isEqualTo(DeviceFile.Kind.MISSING);
    assertThat(file("/missing").exists()).isFalse();
    assertThat(file("/file").kind()).isEqualTo(DeviceFile.Kind.REGULAR);
    assertThat(file("/dir").kind()).isEqualTo(DeviceFile.Kind.DIRECTORY);
    assertThat(inside(RootedFiles.of(Path.of("/")).resolve("/dev/null")).kind()).isEqualTo(DeviceFile.Kind.OTHER);
  }

  @Test
  void deletes_a_file_and_says_whether_there_was_one() throws IOException {
    DeviceFile motd = file("/motd");
    motd.write("x", "0644");

    assertThat(motd.delete()).isTrue();
    assertThat(motd.exists()).isFalse();
    assertThat(motd.delete()).isFalse();
  }

  @Test
  void lists_the_names_in_a_folder_sorted_and_refuses_a_file() throws IOException {
    file("/var/log/b.log").write("", "0644");
    file("/var/log/a/x.log").write("", "0644");

    assertThat(file("/var/log").entries()).containsExactly("a", "b.log");
    assertThatThrownBy(() -> file("/var/log/b.log").entries()).isInstanceOf(java.nio.file.NotDirectoryException.class);
  }
}
