package dev.converge.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.configurations.Configuration;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationContent;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.ConfigurationStatus;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the service side keeps across a hub restart: policy keys, configurations, twins' configuration statuses. */
@ExtendWith(LocalHubExtension.class)
class RestartSdkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void trust(LocalHub hub) {
    ServiceSdk.trust(hub);
  }

  @Test
  void policies_configurations_and_twin_statuses_survive_a_restart(LocalHub hub) throws Exception {
    String connectionString = hub.serviceConnectionString();
    RegistryClient registry = new RegistryClient(connectionString);
    ConfigurationsClient configurations = new ConfigurationsClient(connectionString);
    TwinClient twins = new TwinClient(connectionString);
    registry.addDevice(new Device("durable-dev"));
    Twin tags = new Twin("durable-dev");
    tags.getTags().put("env", "durable");
    twins.patch(tags);
    Configuration configuration = new Configuration("durable-config");
    ConfigurationContent content = new ConfigurationContent();
    content.setDeviceContent(Map.of("properties.desired.settings", Map.of("mode", "kept")));
    configuration.setContent(content);
    configuration.setTargetCondition("tags.env = 'durable'");
    configuration.setPriority(5);
    configurations.create(configuration);
    hub.await("configuration applied", Duration.ofSeconds(10), () -> hub.adm().configurationsOf(
        dev.converge.emulator.identity.IdentityId.device("durable-dev")).has("durable-config"));
    hub.await("metrics recorded", Duration.ofSeconds(10), () -> hub.adm().configurations().get("durable-config")
        .orElseThrow().systemMetrics().results().getOrDefault("appliedCount", 0L) == 1L);
    Configuration before = configurations.get("durable-config");

    hub.stop();
    JsonNode saved = JSON.readTree(Files.readString(hub.config().stateDir().resolve("state.json")));
    assertThat(saved.path("sharedAccessPolicies").path("iothubowner").path("primaryKey").asText())
        .isEqualTo(connectionString.replaceFirst(".*SharedAccessKey=", ""));
    assertThat(saved.path("configurations").path("configurations").findValuesAsText("id"))
        .containsExactly("durable-config");
    assertThat(saved.path("twinConfigurations").path("durable-dev").path("durable-config").path("status").asText())
        .isEqualTo("applied");
    hub.start();

    // The same connection string, TLS trust and SDK clients keep working.
    assertThat(hub.serviceConnectionString()).isEqualTo(connectionString);
    Configuration after = configurations.get("durable-config");
    assertThat(after.getEtag()).isEqualTo(before.getEtag());
    assertThat(after.getCreatedTimeUtc()).isEqualTo(before.getCreatedTimeUtc());
    assertThat(after.getPriority()).isEqualTo(5);
    assertThat(after.getSystemMetrics().getResults()).containsEntry("appliedCount", 1L);
    Twin twin = twins.get("durable-dev");
    assertThat(twin.getConfigurations().get("durable-config").getStatus()).isEqualTo(ConfigurationStatus.APPLIED);
    assertThat(twin.getDesiredProperties().get("settings")).isEqualTo(Map.of("mode", "kept"));
    assertThat(twin.getDesiredProperties().getVersion()).isEqualTo(2);
    assertThat(registry.getDevice("durable-dev").getETag()).isNotEmpty();
  }
}
