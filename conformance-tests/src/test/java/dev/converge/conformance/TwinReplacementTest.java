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
 * service SDKs' {@code replace}). IoT Hub then sends the device the whole new document, not the difference ("the
 * device receives the same form of update (partial or full replacement) executed by the solution back end", device
 * twins page), so the notification cannot say what was removed.
 *
 * <p>Known agent bug, pinned here: the agent merges that document as if it were a patch
 * ({@code HubConnection.desiredChanged} makes every notification a {@code DesiredUpdate.patch}), so an item, a group
 * or a property the new document leaves out stays desired on the device until the agent next reconnects. This test
 * asserts the bug's exact symptom; when the agent is fixed it fails, and its assertions should then say that the
 * item is gone (the expectation of {@code scenarios/files/item-removed.yaml}, step 2).
 */
@ExtendWith(LocalHubExtension.class)
class TwinReplacementTest {

  private static ReportedWatch watch;

  @BeforeAll
  static void watch_the_hub(LocalHub hub) {
    watch = ReportedWatch.on(hub);
  }

  @Test
  void known_agent_bug_an_item_left_out_of_a_replaced_desired_document_stays_managed() {
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
      assertThat(stillThere).as("known bug: motd should be gone from reported once a replacement leaves it out;"
          + " if this fails, the agent is fixed: assert it is gone").hasSize(1);
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
