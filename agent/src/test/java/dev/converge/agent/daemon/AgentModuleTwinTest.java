package dev.converge.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.config.IdentitySpec;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.twin.TwinSnapshot;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Module-twin mode: the agent manages one module identity's twin and leaves its device's twin alone. */
@ExtendWith(LocalHubExtension.class)
class AgentModuleTwinTest {

  @TempDir Path dir;

  @Test
  void desired_state_on_the_module_twin_converges_and_the_device_twin_is_untouched(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.module(hub, dir, "gateway", "converge", DeviceUnderTest::fast)) {
      IdentityId device = IdentityId.device("gateway");
      hub.hub().twins().patchDesired(device, DeviceUnderTest.json("""
          {"files": {"notMine": {"path": "/etc/not-mine", "content": "device twin"}}}"""), "*");
      TwinSnapshot deviceBefore = hub.hub().twins().get(device).orElseThrow();
      d.started();

      d.patchDesired("""
          {"files": {"__meta": {"deploymentId": "module-1"},
                     "motd": {"path": "/etc/motd", "content": "from the module twin\\n"}}}""");
      JsonNode reported = d.awaitStatus("files", "succeeded");

      assertThat(d.file("/etc/motd")).isEqualTo("from the module twin\n");
      assertThat(d.root.resolve("etc/not-mine")).doesNotExist();
      assertThat(reported.path("files").path("__meta").path("deploymentId").asText()).isEqualTo("module-1");
      assertThat(reported.has("__deviceSchemas")).isTrue();
      assertThat(d.agent.identity().orElseThrow().moduleId()).contains("converge");
      TwinSnapshot deviceAfter = hub.hub().twins().get(device).orElseThrow();
      assertThat(deviceAfter.reported().isEmpty()).as("the device twin's reported properties").isTrue();
      assertThat(deviceAfter.version()).as("the device twin was not written").isEqualTo(deviceBefore.version());
    }
  }

  @Test
  void a_module_signing_its_own_tokens_converges(LocalHub hub) throws Exception {
    UnaryOperator<AgentConfig> ownTokens = c -> DeviceUnderTest.fast(c).withIdentity(new IdentitySpec.ConnectionString(
        DeviceUnderTest.withoutGateway(hub.moduleConnectionString("edge", "converge"))));
    try (DeviceUnderTest d = DeviceUnderTest.module(hub, dir, "edge", "converge", ownTokens).started()) {
      assertThat(d.agent.identity().orElseThrow().gateway()).isEmpty();
      assertThat(d.agent.identity().orElseThrow().moduleId()).contains("converge");

      d.patchDesired("{\"files\": {\"motd\": {\"path\": \"/etc/motd\", \"content\": \"module token\"}}}");

      d.awaitStatus("files", "succeeded");
      assertThat(d.file("/etc/motd")).isEqualTo("module token");
    }
  }

  @Test
  void module_mode_with_a_device_connection_string_is_refused_before_connecting(LocalHub hub) {
    hub.createDevice("plain");
    AgentConfig config = AgentConfig.forConnectionString(hub.deviceConnectionString("plain"), dir.resolve("root"),
        dir.resolve("data")).withTrustedCa(hub.caFile()).withModule("converge");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Agent.create(config, new SystemClock(), new Agent.AgentListener() {}))
        .withMessageContaining("ModuleId");
  }
}
