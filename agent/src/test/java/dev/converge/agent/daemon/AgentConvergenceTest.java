package dev.converge.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.hub.MethodResult;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The agent against the local hub through the official device SDK: desired in, device changed, reported out. */
@ExtendWith(LocalHubExtension.class)
class AgentConvergenceTest {

  @TempDir Path dir;

  @Test
  void a_desired_patch_is_applied_to_the_device_and_reported_succeeded(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "converges").started()) {
      d.patchDesired("""
          {"files": {"__meta": {"deploymentId": "motd-v1"},
                     "motd": {"path": "/etc/motd", "content": "hello\\n", "mode": "0644"}}}""");

      JsonNode reported = d.awaitStatus("files", "succeeded");

      assertThat(d.file("/etc/motd")).isEqualTo("hello\n");
      assertThat(reported.path("files").path("__meta").path("deploymentId").asText()).isEqualTo("motd-v1");
      assertThat(reported.path("files").path("motd").path("content").asText()).isEqualTo("hello\n");
      assertThat(reported.path("__summary").path("failedCount").asInt()).isZero();
    }
  }

  @Test
  void the_first_report_lists_the_device_schemas_before_any_desired_state(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "fresh").started()) {
      JsonNode reported = d.awaitReported("__deviceSchemas", r -> r.has("__deviceSchemas"));

      assertThat(reported.path("__deviceSchemas").path("files").path("interfaceVersion").asText()).isEqualTo("1.0.0");
      assertThat(reported.path("__summary").isObject()).isTrue();
    }
  }

  @Test
  void a_direct_method_is_answered_by_its_capability_and_an_unknown_one_with_404(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "commands").started()) {
      Files.createDirectories(d.root.resolve("var/log/converge/collector00"));

      MethodResult folders = d.invoke("EnumerateLogFoldersCmd", "{}");
      MethodResult unknown = d.invoke("NoSuchCmd", "{}");

      assertThat(folders).isInstanceOfSatisfying(MethodResult.Responded.class, r -> {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.payload().path("list").toString()).isEqualTo("[\"collector00\"]");
      });
      assertThat(unknown).isInstanceOfSatisfying(MethodResult.Responded.class,
          r -> assertThat(r.status()).isEqualTo(404));
    }
  }

  @Test
  void clear_reported_removes_keys_converge_owns_that_are_stale_and_restates_the_rest(LocalHub hub)
      throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "cleared").started()) {
      d.patchDesired("""
          {"files": {"motd": {"path": "/etc/motd", "content": "x\\n", "mode": "0644"}}}""");
      d.awaitStatus("files", "succeeded");
      hub.hub().twins().patchReported(d.id, DeviceUnderTest.json(
          "{\"__stale\": {\"left\": \"over\"}, \"otherApp\": {\"kept\": true}}"));

      MethodResult cleared = d.invoke("clearReportedCmd", "{}");

      assertThat(cleared).isInstanceOfSatisfying(MethodResult.Responded.class,
          r -> assertThat(r.status()).isEqualTo(200));
      JsonNode reported = d.awaitReported("__stale removed", r -> !r.has("__stale"));
      assertThat(reported.path("otherApp").path("kept").asBoolean()).as("another writer's key").isTrue();
      assertThat(reported.path("files").path("__meta").path("deploymentStatus").asText()).isEqualTo("succeeded");
      assertThat(reported.has("__deviceSchemas")).isTrue();
    }
  }

  @Test
  void the_device_schemas_group_filters_what_is_listed(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "schemas").started()) {
      d.awaitReported("both capabilities listed", r -> r.path("__deviceSchemas").has("diagnosticLogs"));

      d.patchDesired("""
          {"__deviceSchemas": {"reporting": {"groups": "files", "types": "all", "tags": ""}}}""");

      JsonNode reported = d.awaitReported("only files listed",
          r -> r.path("__deviceSchemas").has("files") && !r.path("__deviceSchemas").has("diagnosticLogs"));
      assertThat(reported.path("__deviceSchemas").path("files").path("type").asText()).isEqualTo("raw");
    }
  }
}
