package dev.converge.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.twin.TwinSize;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reported state never exceeds IoT Hub's 32 KB (DESIGN.md, "Twin conventions"): when the device's actual state would
 * not fit, the agent's packer trims detail and says so, and the hub accepts what it sends.
 */
@ExtendWith(LocalHubExtension.class)
class AgentReportedSizeTest {

  private static final long TWIN_LIMIT = 32 * 1024;
  private static final int FILES = 9;
  /** Desired stays just under 32 KB; reported (with mode, state, __meta, __summary) is over it. */
  private static final int CONTENT_CHARS = 3_560;

  @TempDir Path dir;

  @Test
  void desired_state_too_large_to_report_is_applied_and_reported_trimmed_within_the_limit(LocalHub hub)
      throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "big", DeviceUnderTest::fast).started()) {
      d.patchDesired(bigFiles());
      assertThat(TwinSize.of(d.desired())).as("desired itself fits").isLessThanOrEqualTo(TWIN_LIMIT);

      JsonNode reported = d.awaitStatus("files", "succeeded");

      for (int i = 0; i < FILES; i++) {
        assertThat(d.file("/etc/big/f" + i)).isEqualTo(content(i));
      }
      assertThat(TwinSize.of(reported)).isLessThanOrEqualTo(TWIN_LIMIT);
      assertThat(reported.path("__summary").path("trimmed").asText()).contains("files");
      assertThat(reported.path("files").path("__meta").path("deploymentId").asText()).isEqualTo("big-1");
      assertThat(reported.path("__summary").path("failedCount").asInt()).isZero();
      assertEveryPatchAccepted(d);
    }
  }

  @Test
  void once_desired_state_shrinks_the_full_report_returns_and_the_trimmed_note_is_removed(LocalHub hub)
      throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "shrinks", DeviceUnderTest::fast).started()) {
      d.patchDesired(bigFiles());
      d.awaitReported("the trimmed report", r -> r.path("__summary").has("trimmed")
          && "succeeded".equals(r.path("files").path("__meta").path("deploymentStatus").asText()));

      StringBuilder removal = new StringBuilder("{\"files\": {\"__meta\": {\"deploymentId\": \"big-2\"}");
      for (int i = 1; i < FILES; i++) {
        removal.append(", \"f").append(i).append("\": null");
      }
      d.patchDesired(removal.append("}}").toString());

      JsonNode reported = d.awaitReported("the untrimmed report of big-2", r -> !r.path("__summary").has("trimmed")
          && "big-2".equals(r.path("files").path("__meta").path("deploymentId").asText())
          && "succeeded".equals(r.path("files").path("__meta").path("deploymentStatus").asText()));
      assertThat(reported.path("files").path("f0").path("content").asText()).isEqualTo(content(0));
      assertThat(reported.path("files").has("__trimmed")).isFalse();
      assertEveryPatchAccepted(d);
    }
  }

  /**
   * The hub holds exactly what the agent believes it reported: a patch the hub refused (413 for size) would leave
   * them apart, and the agent would resend it forever.
   */
  private static void assertEveryPatchAccepted(DeviceUnderTest d) {
    d.await("the hub's reported twin to equal the agent's acknowledged report", () ->
        normalised(d.reported()).equals(normalised(DeviceUnderTest.json(d.agent.reported().toJson().toString()))));
    long version = d.reportedVersion();
    d.agent.settle();
    assertThat(d.reportedVersion()).as("a settled agent sends nothing more").isEqualTo(version);
  }

  private static JsonNode normalised(JsonNode node) {
    return DeviceUnderTest.json(node.toString());
  }

  private static String bigFiles() {
    ObjectNode files = DeviceUnderTest.JSON.createObjectNode();
    files.putObject("__meta").put("deploymentId", "big-1");
    for (int i = 0; i < FILES; i++) {
      files.putObject("f" + i).put("path", "/etc/big/f" + i).put("content", content(i));
    }
    ObjectNode desired = DeviceUnderTest.JSON.createObjectNode();
    desired.set("files", files);
    return desired.toString();
  }

  private static String content(int i) {
    return String.valueOf((char) ('a' + i)).repeat(CONTENT_CHARS);
  }
}
