package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An operator can also set the whole desired document with a twin PUT ({@code az iot hub device-twin replace}, the
 * service SDKs' {@code replace}). IoT Hub then notifies the device of the difference by existence: every member of the
 * new document, and {@code null} for every member the replacement removed (an IoT Hub engineer in
 * Azure/azure-iot-sdk-csharp#954). So the agent, which merges every notification as a patch, ends with exactly the new
 * document: what the replacement leaves out is no longer desired.
 */
@ExtendWith(LocalHubExtension.class)
class TwinReplacementTest {

  private static ReportedWatch watch;

  @BeforeAll
  static void watch_the_hub(LocalHub hub) {
    watch = ReportedWatch.on(hub);
  }

  @Test
  void an_item_left_out_of_a_replaced_desired_document_is_no_longer_managed() {
    try (AgentHubTarget target = AgentHubTarget.start(watch, "replaced-item")) {
      target.setDesired(json("""
          {"files": {"__meta": {"deploymentId": "files-v1"},
                     "motd": {"path": "/etc/motd", "content": "Welcome\\n", "mode": "0644"},
                     "issue": {"path": "/etc/issue", "content": "Converge device\\n", "mode": "0644"}}}"""));

      target.replaceDesired(json("""
          {"files": {"__meta": {"deploymentId": "files-v2"},
                     "issue": {"path": "/etc/issue", "content": "Converge device\\n", "mode": "0644"}}}"""));

      List<Mismatch> stillThere = SubsetMatcher.absent(List.of(ReportedPath.parse("files.motd")),
          target.reported(), "");
      assertThat(stillThere).as("files.motd must be gone from reported once a replacement leaves it out").isEmpty();
      assertThat(target.reported().path("files").path("__meta").path("deploymentId").asText())
          .isEqualTo("files-v2");
    }
  }

  private static JsonNode json(String text) {
    try {
      return JsonText.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
