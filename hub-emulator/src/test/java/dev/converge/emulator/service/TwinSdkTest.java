package dev.converge.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyDevicesException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinConnectionState;
import com.microsoft.azure.sdk.iot.service.twin.TwinStatus;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import dev.converge.emulator.twin.TwinSnapshot;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official service SDK's {@code TwinClient} against the local hub, with a device SDK client on the other end. */
@ExtendWith(LocalHubExtension.class)
class TwinSdkTest {

  private final TwinClient twins;

  TwinSdkTest(LocalHub hub) {
    twins = new TwinClient(hub.serviceConnectionString());
  }

  @BeforeAll
  static void trust(LocalHub hub) {
    ServiceSdk.trust(hub);
  }

  @Test
  void new_twin_reads_as_iot_hub_shows_it(LocalHub hub) throws Exception {
    hub.createDevice("fresh-dev");
    Twin twin = twins.get("fresh-dev");
    assertThat(twin.getDeviceId()).isEqualTo("fresh-dev");
    assertThat(twin.getModuleId()).isNull();
    assertThat(twin.getETag()).isEqualTo("AAAAAAAAAAE=");
    assertThat(twin.getVersion()).isEqualTo(1);
    assertThat(twin.getStatus()).isEqualTo(TwinStatus.ENABLED);
    assertThat(twin.getConnectionState()).isEqualTo(TwinConnectionState.DISCONNECTED.toString());
    assertThat(twin.getTags()).isEmpty();
    assertThat(twin.getDesiredProperties()).isEmpty();
    assertThat(twin.getDesiredProperties().getVersion()).isEqualTo(1);
    assertThat(twin.getReportedProperties().getVersion()).isEqualTo(1);
    assertThat(twin.getConfigurations()).isNull();
    assertThatThrownBy(() -> twins.get("no-such-dev"))
        .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404001));
  }

  @Test
  void patch_merges_tags_and_desired_and_deletes_with_null(LocalHub hub) throws Exception {
    hub.createDevice("patch-dev");
    Twin patch = new Twin("patch-dev");
    patch.getTags().put("site", "north");
    patch.getTags().put("rack", Map.of("row", 3));
    patch.getDesiredProperties().put("mode", "eco");
    patch.getDesiredProperties().put("fan", Map.of("speed", 2));
    Twin after = twins.patch(patch);
    assertThat(after.getTags()).containsEntry("site", "north");
    assertThat(after.getDesiredProperties()).containsEntry("mode", "eco");
    assertThat(after.getDesiredProperties().getVersion()).isEqualTo(2);

    Twin second = new Twin("patch-dev");
    second.getDesiredProperties().put("fan", null);
    second.getDesiredProperties().put("level", 7);
    Twin merged = twins.patch(second);
    assertThat(merged.getDesiredProperties()).containsEntry("mode", "eco").containsKey("level")
        .doesNotContainKey("fan");
    assertThat(merged.getTags()).containsEntry("site", "north");
    TwinSnapshot stored = hub.hub().twins().get(IdentityId.device("patch-dev")).orElseThrow();
    assertThat(stored.desired().toJson()).isEqualTo("{\"mode\":\"eco\",\"level\":7}");
    assertThat(stored.tags().get("rack").path("row").asInt()).isEqualTo(3);
  }

  @Test
  void replace_with_a_current_etag_succeeds_and_with_a_stale_one_is_refused(LocalHub hub) throws Exception {
    hub.createDevice("etag-dev");
    Twin patch = new Twin("etag-dev");
    patch.getTags().put("old", "tag");
    patch.getDesiredProperties().put("old", 1);
    Twin current = twins.patch(patch);

    Twin replacement = twins.get("etag-dev");
    replacement.getTags().clear();
    replacement.getTags().put("new", "tag");
    replacement.getDesiredProperties().clear();
    replacement.getDesiredProperties().put("fresh", true);
    Twin replaced = twins.replace(replacement, current.getETag());
    assertThat(replaced.getTags()).containsOnlyKeys("new");
    assertThat(replaced.getDesiredProperties()).containsOnlyKeys("fresh");
    assertThat(replaced.getETag()).isNotEqualTo(current.getETag());

    Twin stale = new Twin("etag-dev");
    stale.getDesiredProperties().put("late", 1);
    assertThatThrownBy(() -> twins.patch(stale, current.getETag()))
        .isInstanceOfSatisfying(IotHubPreconditionFailedException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(412001));
    assertThatThrownBy(() -> twins.replace(replacement, current.getETag()))
        .isInstanceOf(IotHubPreconditionFailedException.class);
    assertThat(twins.get("etag-dev").getDesiredProperties()).doesNotContainKey("late");
    assertThat(twins.patch(stale, "\"" + replaced.getETag() + "\"").getDesiredProperties()).containsKey("late");
  }

  @Test
  void a_refused_update_changes_nothing_and_names_the_path(LocalHub hub) throws Exception {
    hub.createDevice("rule-dev");
    Twin tooBig = new Twin("rule-dev");
    tooBig.getTags().put("ok", "fine");
    for (int i = 0; i < 9; i++) {
      tooBig.getDesiredProperties().put("k" + i, "x".repeat(4000));
    }
    assertThatThrownBy(() -> twins.patch(tooBig))
        .isInstanceOfSatisfying(IotHubTooManyDevicesException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(403100))
        .hasMessageContaining("Properties.Desired");
    // Tags came first in the request but were not applied either: one request, one outcome.
    TwinSnapshot stored = hub.hub().twins().get(IdentityId.device("rule-dev")).orElseThrow();
    assertThat(stored.tags().isEmpty()).isTrue();
    assertThat(stored.version()).isEqualTo(1);

    Twin badValue = new Twin("rule-dev");
    badValue.getDesiredProperties().put("deep", Map.of("s", "y".repeat(5000)));
    assertThatThrownBy(() -> twins.patch(badValue))
        .isInstanceOf(IotHubBadFormatException.class)
        .hasMessageContaining("/properties/desired/deep/s");
  }

  @Test
  void desired_patch_from_the_service_reaches_the_device_sdk(LocalHub hub) throws Exception {
    hub.createDevice("push-dev");
    DeviceClient device = SdkClients.device(hub, "push-dev");
    BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> pushes = new LinkedBlockingQueue<>();
    try {
      device.open(false);
      device.subscribeToDesiredProperties((twin, context) -> pushes.add(twin), null);
      assertThat(twins.get("push-dev").getConnectionState()).isEqualTo(TwinConnectionState.CONNECTED.toString());

      Twin patch = new Twin("push-dev");
      patch.getDesiredProperties().put("firmware", "2.0.1");
      twins.patch(patch);
      com.microsoft.azure.sdk.iot.device.twin.Twin pushed = pushes.poll(10, TimeUnit.SECONDS);
      assertThat(pushed).as("desired patch pushed to the device").isNotNull();
      assertThat(pushed.getDesiredProperties().get("firmware")).isEqualTo("2.0.1");
      assertThat(pushed.getDesiredProperties().getVersion()).isEqualTo(2);

      com.microsoft.azure.sdk.iot.device.twin.TwinCollection reported =
          new com.microsoft.azure.sdk.iot.device.twin.TwinCollection();
      reported.put("firmware", "2.0.1");
      SdkClients.report(device, reported);
      Twin seen = twins.get("push-dev");
      assertThat(seen.getReportedProperties()).containsEntry("firmware", "2.0.1");
      assertThat(seen.getReportedProperties().getVersion()).isEqualTo(2);
    } finally {
      device.close();
    }
  }

  @Test
  void module_twin_is_its_own(LocalHub hub) throws Exception {
    hub.createDevice("host-dev");
    hub.createModule("host-dev", "agent");
    ModuleClient module = SdkClients.module(hub, "host-dev", "agent");
    BlockingQueue<com.microsoft.azure.sdk.iot.device.twin.Twin> pushes = new LinkedBlockingQueue<>();
    try {
      module.open(false);
      module.subscribeToDesiredProperties((twin, context) -> pushes.add(twin), null);
      Twin patch = new Twin("host-dev", "agent");
      patch.getDesiredProperties().put("interval", 30);
      patch.getTags().put("role", "agent");
      Twin after = twins.patch(patch);
      assertThat(after.getModuleId()).isEqualTo("agent");
      assertThat(after.getTags()).containsEntry("role", "agent");
      com.microsoft.azure.sdk.iot.device.twin.Twin pushed = pushes.poll(10, TimeUnit.SECONDS);
      assertThat(pushed).as("module desired patch pushed").isNotNull();
      assertThat(((Number) pushed.getDesiredProperties().get("interval")).intValue()).isEqualTo(30);
    } finally {
      module.close();
    }
    assertThat(twins.get("host-dev").getDesiredProperties()).isEmpty();
    assertThat(twins.get("host-dev", "agent").getDesiredProperties()).containsKey("interval");
    assertThatThrownBy(() -> twins.get("host-dev", "nobody"))
        .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404010));
  }
}
