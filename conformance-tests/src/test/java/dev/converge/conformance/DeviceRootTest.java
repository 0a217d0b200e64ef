package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRootTest {

  @TempDir
  Path sandbox;

  @Test
  void writes_create_folders_give_new_files_0644_and_keep_the_mode_of_existing_ones() {
    DeviceRoot device = DeviceRoot.in(sandbox);
    device.apply(new DeviceAction.Write("/etc/app/app.conf", "a=1\n", null));
    assertThat(device.file("/etc/app/app.conf")).isEqualTo(new FileState.Regular("a=1\n", "0644"));
    device.apply(new DeviceAction.Chmod("/etc/app/app.conf", "0600"));
    device.apply(new DeviceAction.Write("/etc/app/app.conf", "a=2\n", null));
    assertThat(device.file("/etc/app/app.conf")).isEqualTo(new FileState.Regular("a=2\n", "0600"));
    device.apply(new DeviceAction.Write("/etc/app/app.conf", "a=3\n", "0640"));
    assertThat(device.file("/etc/app/app.conf")).isEqualTo(new FileState.Regular("a=3\n", "0640"));
    assertThat(sandbox.resolve("root/etc/app/app.conf")).exists();
  }

  @Test
  void block_puts_a_file_where_a_folder_was_so_nothing_can_be_created_below() {
    DeviceRoot device = DeviceRoot.in(sandbox);
    device.apply(new DeviceAction.Write("/var/lib/app/old", "x", null));
    device.apply(new DeviceAction.Block("/var/lib/app"));
    assertThat(device.file("/var/lib/app")).isInstanceOf(FileState.Regular.class);
    assertThatThrownBy(() -> Files.writeString(device.resolve("/var/lib/app/new"), "y"))
        .isInstanceOf(IOException.class);
    device.apply(new DeviceAction.Delete("/var/lib/app"));
    assertThat(device.file("/var/lib/app")).isEqualTo(new FileState.Missing());
  }

  @Test
  void paths_may_reach_the_sandbox_beside_the_root_but_never_leave_it() {
    DeviceRoot device = DeviceRoot.in(sandbox);
    assertThat(device.resolve("/../outside")).isEqualTo(sandbox.toAbsolutePath().normalize().resolve("outside"));
    assertThatThrownBy(() -> device.resolve("/../../elsewhere")).hasMessageContaining("leads out of the scenario's");
    assertThatThrownBy(() -> device.resolve("/..")).hasMessageContaining("leads out of the scenario's");
    assertThatThrownBy(() -> device.resolve("etc/motd")).hasMessageContaining("absolute");
  }

  @Test
  void links_are_reported_as_links_and_never_followed() {
    DeviceRoot device = DeviceRoot.in(sandbox);
    device.apply(new DeviceAction.Write("/../outside/keep.txt", "keep", null));
    device.apply(new DeviceAction.Link("/etc/escape", "/../outside"));
    assertThat(device.file("/etc/escape")).isEqualTo(new FileState.Other("symbolic link"));
    device.deleteAll();
    assertThat(sandbox).doesNotExist();
  }

  @Test
  void a_pinned_file_shows_any_rewrite_even_with_the_same_content() {
    DeviceRoot device = DeviceRoot.in(sandbox);
    device.apply(new DeviceAction.Write("/etc/motd", "hello\n", null));
    FileStamp pinned = device.pin("/etc/motd");
    assertThat(pinned.modified()).isEqualTo("2001-01-01T00:00:00Z");
    assertThat(pinned.differencesTo(device.stamp("/etc/motd"))).isEmpty();
    device.apply(new DeviceAction.Write("/etc/motd", "hello\n", null));
    assertThat(pinned.differencesTo(device.stamp("/etc/motd")))
        .anySatisfy(d -> assertThat(d).startsWith("modification time changed from 2001-01-01T00:00:00Z"));
  }

  @Test
  void a_pinned_file_shows_a_chmod_to_another_mode() {
    DeviceRoot device = DeviceRoot.in(sandbox);
    device.apply(new DeviceAction.Write("/etc/motd", "hello\n", null));
    FileStamp pinned = device.pin("/etc/motd");
    device.apply(new DeviceAction.Chmod("/etc/motd", "0600"));
    assertThat(pinned.differencesTo(device.stamp("/etc/motd")))
        .anySatisfy(d -> assertThat(d).contains("now a file with mode 0600"));
  }

  @Test
  void modes_convert_both_ways() {
    assertThat(DeviceRoot.mode(DeviceRoot.permissions("0751"))).isEqualTo("0751");
    assertThat(DeviceRoot.mode(Set.of())).isEqualTo("0000");
  }
}
