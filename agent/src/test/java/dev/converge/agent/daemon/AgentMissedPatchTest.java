package dev.converge.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * IoT Hub keeps no desired notifications for a disconnected device, and a push can be lost: the agent reads the full
 * desired document after every reconnect, and when a patch's {@code $version} skips one (reference
 * iot-hub-rules.md, "Missed patches").
 */
@ExtendWith(LocalHubExtension.class)
class AgentMissedPatchTest {

  @TempDir Path dir;

  @Test
  void desired_changes_made_while_the_agent_is_disconnected_are_applied_after_it_reconnects(LocalHub hub)
      throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "offline", DeviceUnderTest::fast).started()) {
      d.patchDesired(file("motd", "/etc/motd", "v1"));
      d.awaitStatus("files", "succeeded");

      d.disable();
      d.patchDesired(file("motd", "/etc/motd", "v2"));
      d.patchDesired(file("issue", "/etc/issue", "welcome"));
      assertThat(d.isOnline()).as("the agent missed both pushes").isFalse();
      d.enable();

      JsonNode reported = d.awaitStatus("files", "succeeded");
      assertThat(d.file("/etc/motd")).isEqualTo("v2");
      assertThat(d.file("/etc/issue")).isEqualTo("welcome");
      assertThat(reported.path("files").path("__meta").path("desiredVersion").asLong()).isEqualTo(d.desiredVersion());
      assertThat(reported.path("__summary").path("desiredVersion").asLong()).isEqualTo(d.desiredVersion());
      assertThat(d.agent.connectionState()).isEqualTo("connected");
    }
  }

  @Test
  void a_patch_whose_version_skips_one_makes_the_agent_fetch_the_full_desired_document(LocalHub hub)
      throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "gap", DeviceUnderTest::fast).started()) {
      d.patchDesired(file("a", "/etc/a", "a1"));
      d.awaitStatus("files", "succeeded");

      d.holdDesiredPushes();
      d.patchDesired(file("b", "/etc/b", "only in the full document"));
      d.resumeDesiredPushes();
      d.patchDesired(file("c", "/etc/c", "c1"));

      d.awaitStatus("files", "succeeded");
      assertThat(d.isOnline()).as("the connection never dropped: only a GET can have brought b").isTrue();
      assertThat(d.file("/etc/b")).isEqualTo("only in the full document");
      assertThat(d.file("/etc/c")).isEqualTo("c1");
      assertThat(d.file("/etc/a")).isEqualTo("a1");
    }
  }

  static String file(String key, String path, String content) {
    return "{\"files\": {\"" + key + "\": {\"path\": \"" + path + "\", \"content\": \"" + content + "\"}}}";
  }
}
