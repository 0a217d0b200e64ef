package dev.converge.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesCallback;
import com.microsoft.azure.sdk.iot.service.configurations.Configuration;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationContent;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationMetrics;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClient;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.twin.ConfigurationStatus;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Automatic device management through the official service SDK's {@code ConfigurationsClient}: the REST contract
 * (create, read, list, update, delete, content immutable) and the hub running the configurations against twins.
 */
@ExtendWith(LocalHubExtension.class)
class ConfigurationSdkTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final LocalHub hub;
  private final ConfigurationsClient configurations;
  private final TwinClient twins;

  ConfigurationSdkTest(LocalHub hub) {
    this.hub = hub;
    configurations = new ConfigurationsClient(hub.serviceConnectionString());
    twins = new TwinClient(hub.serviceConnectionString());
  }

  @BeforeAll
  static void trust(LocalHub hub) {
    ServiceSdk.trust(hub);
  }

  @Test
  void configuration_is_created_read_listed_updated_and_deleted() throws Exception {
    Configuration created = configurations.create(configuration("crud-config", "tags.env = 'crud'", 3,
        Map.of("properties.desired.crud", Map.of("level", 1))));
    assertThat(created.getEtag()).isNotEmpty();
    assertThat(created.getCreatedTimeUtc()).isNotEmpty().isNotEqualTo("0001-01-01T00:00:00");
    assertThat(created.getPriority()).isEqualTo(3);
    assertThat(created.getContent().getDeviceContent()).containsKey("properties.desired.crud");
    assertThat(created.getSystemMetrics().getQueries()).containsKeys("targetedCount", "appliedCount");

    Configuration read = configurations.get("crud-config");
    assertThat(read.getEtag()).isEqualTo(created.getEtag());
    assertThat(read.getTargetCondition()).isEqualTo("tags.env = 'crud'");
    assertThat(configurations.get(20)).extracting(Configuration::getId).contains("crud-config");
    assertThatThrownBy(() -> configurations.create(configuration("crud-config", "*", 1,
        Map.of("properties.desired.crud", 1))))
        .isInstanceOf(IotHubConflictException.class);

    read.setPriority(7);
    read.setTargetCondition("tags.env = 'other'");
    read.setLabels(new HashMap<>(Map.of("owner", "ops")));
    Configuration updated = configurations.replace(read);
    assertThat(updated.getPriority()).isEqualTo(7);
    assertThat(updated.getTargetCondition()).isEqualTo("tags.env = 'other'");
    assertThat(updated.getLabels()).containsEntry("owner", "ops");
    assertThat(updated.getEtag()).isNotEqualTo(created.getEtag());
    assertThat(updated.getCreatedTimeUtc()).isEqualTo(created.getCreatedTimeUtc());

    // A configuration object read before the update carries a stale etag.
    assertThatThrownBy(() -> configurations.delete(created)).isInstanceOf(IotHubPreconditionFailedException.class);
    configurations.delete(updated);
    assertThatThrownBy(() -> configurations.get("crud-config")).isInstanceOf(IotHubNotFoundException.class);
  }

  @Test
  void content_is_immutable_and_invalid_configurations_are_refused() throws Exception {
    configurations.create(configuration("fixed-config", "*", 1, Map.of("properties.desired.fixed", 1)));
    Configuration changed = configurations.get("fixed-config");
    changed.getContent().setDeviceContent(Map.of("properties.desired.fixed", 2));
    assertThatThrownBy(() -> configurations.replace(changed))
        .isInstanceOfSatisfying(IotHubBadFormatException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400004))
        .hasMessageContaining("content")
        .hasMessageContaining("immutable");
    assertThat(((Number) configurations.get("fixed-config").getContent().getDeviceContent()
        .get("properties.desired.fixed")).intValue()).isEqualTo(1);

    assertThatThrownBy(() -> configurations.create(configuration("bad-target", "tags.env = ", 1,
        Map.of("properties.desired.x", 1))))
        .isInstanceOf(IotHubBadFormatException.class)
        .hasMessageContaining("targetCondition");
    assertThatThrownBy(() -> configurations.create(configuration("bad-path", "*", 1, Map.of("tags.x", 1))))
        .isInstanceOf(IotHubBadFormatException.class)
        .hasMessageContaining("tags.x");
    configurations.delete("fixed-config");
  }

  @Test
  void higher_priority_wins_a_shared_path_and_metrics_count_the_twins() throws Exception {
    for (String id : List.of("adm-a", "adm-b", "adm-c")) {
      hub.createDevice(id);
    }
    tag("adm-a", "{\"fleet\":\"prod\"}");
    tag("adm-b", "{\"fleet\":\"prod\",\"ring\":\"early\"}");
    tag("adm-c", "{\"fleet\":\"dev\"}");
    DeviceClient deviceA = SdkClients.device(hub, "adm-a");
    try {
      deviceA.open(false);
      // The device reports whatever firmware it is told to run, as an agent would.
      deviceA.subscribeToDesiredProperties((twin, context) -> {
        Object firmware = twin.getDesiredProperties().get("firmware");
        if (firmware != null) {
          com.microsoft.azure.sdk.iot.device.twin.TwinCollection reported =
              new com.microsoft.azure.sdk.iot.device.twin.TwinCollection();
          reported.put("firmware", firmware);
          ReportedPropertiesCallback ignore = (status, response, e, ctx) -> { };
          deviceA.updateReportedPropertiesAsync(reported, ignore, null);
        }
      }, null);

      // The winner first: adm-b's firmware is then written once, whatever the timing of the evaluations.
      Configuration high = configuration("fw-high", "tags.ring = 'early'", 10,
          Map.of("properties.desired.firmware", Map.of("version", "2.0")));
      high.getMetrics().setQueries(Map.of("appliedHigh",
          "SELECT deviceId FROM devices WHERE configurations.[[fw-high]].status = 'applied'"));
      configurations.create(high);

      Configuration low = configuration("fw-low", "tags.fleet = 'prod'", 1,
          Map.of("properties.desired.firmware", Map.of("version", "1.0")));
      low.getMetrics().setQueries(Map.of("runningLow",
          "SELECT deviceId FROM devices WHERE properties.reported.firmware.version = '1.0'"));
      configurations.create(low);
      eventually("metrics of fw-low", () -> {
        Configuration c = configurations.get("fw-low");
        return Long.valueOf(1).equals(c.getMetrics().getResults().get("runningLow"));
      });
      Configuration lowNow = configurations.get("fw-low");
      assertThat(lowNow.getSystemMetrics().getResults())
          .containsEntry("targetedCount", 2L).containsEntry("appliedCount", 1L);
      Configuration highNow = configurations.get("fw-high");
      assertThat(highNow.getSystemMetrics().getResults())
          .containsEntry("targetedCount", 1L).containsEntry("appliedCount", 1L);
      assertThat(highNow.getMetrics().getResults()).containsEntry("appliedHigh", 1L);

      Twin a = twins.get("adm-a");
      Twin b = twins.get("adm-b");
      Twin c = twins.get("adm-c");
      assertThat(a.getDesiredProperties().get("firmware")).isEqualTo(Map.of("version", "1.0"));
      assertThat(b.getDesiredProperties().get("firmware")).isEqualTo(Map.of("version", "2.0"));
      assertThat(c.getDesiredProperties()).isEmpty();
      assertThat(a.getConfigurations().get("fw-low").getStatus()).isEqualTo(ConfigurationStatus.APPLIED);
      assertThat(b.getConfigurations().get("fw-low").getStatus()).isEqualTo(ConfigurationStatus.TARGETED);
      assertThat(b.getConfigurations().get("fw-high").getStatus()).isEqualTo(ConfigurationStatus.APPLIED);
      assertThat(c.getConfigurations()).isNull();
      assertThat(a.getReportedProperties().get("firmware")).isEqualTo(Map.of("version", "1.0"));
      // One write per twin, however many evaluations ran since (the device's report triggered some).
      assertThat(a.getDesiredProperties().getVersion()).isEqualTo(2);
      assertThat(b.getDesiredProperties().getVersion()).isEqualTo(2);

      TwinQueryResponse applied =
          twins.query("SELECT * FROM devices WHERE configurations.[[fw-low]].status = 'applied'");
      List<String> ids = new ArrayList<>();
      while (applied.hasNext()) {
        ids.add(applied.next().getDeviceId());
      }
      assertThat(ids).containsExactly("adm-a");

      // A hand edit of a managed path is set back; the twin moves on by exactly that correction.
      Twin edit = new Twin("adm-b");
      edit.getDesiredProperties().put("firmware", Map.of("version", "9.9"));
      twins.patch(edit);
      eventually("firmware of adm-b restored",
          () -> Map.of("version", "2.0").equals(twins.get("adm-b").getDesiredProperties().get("firmware")));
      assertThat(twins.get("adm-b").getDesiredProperties().getVersion()).isEqualTo(4);

      // Deleting the winner hands the path to the next configuration.
      configurations.delete("fw-high");
      eventually("adm-b taken over by fw-low",
          () -> Map.of("version", "1.0").equals(twins.get("adm-b").getDesiredProperties().get("firmware")));
      eventually("fw-high gone from adm-b's configurations",
          () -> !twins.get("adm-b").getConfigurations().containsKey("fw-high"));
    } finally {
      deviceA.close();
      configurations.delete("fw-low");
    }
  }

  @Test
  void module_configuration_targets_module_twins() throws Exception {
    hub.createDevice("mod-adm");
    hub.createModule("mod-adm", "agent");
    hub.hub().twins().patchTags(IdentityId.module("mod-adm", "agent"), JSON.readTree("{\"role\":\"agent\"}"), "*");
    Configuration modules = new Configuration("agent-config");
    ConfigurationContent content = new ConfigurationContent();
    content.setModuleContent(Map.of("properties.desired.interval", 15));
    modules.setContent(content);
    modules.setTargetCondition("FROM devices.modules WHERE tags.role = 'agent'");
    modules.setPriority(1);
    configurations.create(modules);
    eventually("module twin configured",
        () -> Long.valueOf(15).equals(twins.get("mod-adm", "agent").getDesiredProperties().get("interval")));
    assertThat(twins.get("mod-adm").getDesiredProperties()).isEmpty();
    configurations.delete("agent-config");
  }

  private void tag(String deviceId, String tags) throws Exception {
    hub.hub().twins().patchTags(IdentityId.device(deviceId), JSON.readTree(tags), "*");
  }

  private static Configuration configuration(String id, String target, int priority, Map<String, Object> content) {
    Configuration configuration = new Configuration(id);
    ConfigurationContent deviceContent = new ConfigurationContent();
    deviceContent.setDeviceContent(content);
    configuration.setContent(deviceContent);
    configuration.setTargetCondition(target);
    configuration.setPriority(priority);
    configuration.setMetrics(new ConfigurationMetrics());
    return configuration;
  }

  private void eventually(String what, Callable<Boolean> condition) {
    hub.await(what, WAIT, () -> {
      try {
        return condition.call();
      } catch (Exception e) {
        throw new AssertionError(what + ": " + e, e);
      }
    });
  }
}
