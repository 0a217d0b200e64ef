package dev.converge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.converge.agent.config.SdkTuning;
import dev.converge.agent.hub.HubTls;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.twin.TwinSection;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The bare SDK device: the official device client, tuned exactly as the agent tunes it, answering every desired
 * patch at once with a reported patch ({@code {"echo": <desired $version>}}). It receives the same desired patches
 * as the agent and ignores what they say. No engine, no journal, no file: the floor the agent stands on.
 *
 * <p>The round trip is measured as {@link EchoLatency} measures it: from the desired patch written at the hub to the
 * hub accepting the reported patch, both timestamps taken in this JVM.
 */
final class BareDevice implements LatencyProbe {

  private final LocalHub hub;
  private final IdentityId id;
  private final DeviceClient client;
  private final ExecutorService replies = Executors.newSingleThreadExecutor();
  private final AtomicReference<@Nullable CompletableFuture<Long>> accepted = new AtomicReference<>();

  private BareDevice(LocalHub hub, IdentityId id, DeviceClient client) {
    this.hub = hub;
    this.id = id;
    this.client = client;
  }

  /** Registers {@code deviceId} at the hub and connects a bare client for it. */
  static BareDevice connect(LocalHub hub, String deviceId) throws Exception {
    hub.createDevice(deviceId);
    IdentityId id = IdentityId.device(deviceId);
    DeviceClient client = new DeviceClient(hub.deviceConnectionString(deviceId), IotHubClientProtocol.MQTT,
        options(hub.caFile()));
    BareDevice device = new BareDevice(hub, id, client);
    hub.hub().twins().addListener((who, update) -> {
      if (who.equals(id) && update.section() == TwinSection.REPORTED) {
        long now = System.nanoTime();
        CompletableFuture<Long> waiting = device.accepted.get();
        if (waiting != null) {
          waiting.complete(now);
        }
      }
    });
    client.open(false);
    client.subscribeToDesiredProperties(
        (twin, context) -> device.replies.execute(() -> device.reply(twin.getDesiredProperties().getVersion())),
        null);
    client.getTwin();
    return device;
  }

  /**
   * The SDK options the agent uses ({@code dev.converge.agent.hub.SdkClientFactory} with {@link SdkTuning#DEFAULTS}):
   * TCP_NODELAY through {@link HubTls}, 1 ms send and 10 ms receive polling, the same keep-alive and token lifetime.
   */
  static ClientOptions options(Path caFile) {
    SdkTuning tuning = SdkTuning.DEFAULTS;
    return ClientOptions.builder()
        .sslContext(HubTls.context(caFile, null))
        .sendInterval((int) tuning.sendInterval().toMillis())
        .receiveInterval((int) tuning.receiveInterval().toMillis())
        .keepAliveInterval((int) tuning.keepAlive().toSeconds())
        .sasTokenExpiryTime(tuning.tokenLifetime().toSeconds())
        .logRoutineDisconnectsAsErrors(false)
        .build();
  }

  /** Subscribes to direct methods (answering 404), as the agent does; for the footprint comparison. */
  static void subscribeToMethods(DeviceClient client) throws Exception {
    client.subscribeToMethods((name, payload, context) -> new DirectMethodResponse(404, null), null);
  }

  private void reply(Integer version) {
    TwinCollection reported = new TwinCollection();
    reported.put("echo", version);
    // The SDK's own acknowledgement is not waited for (see EchoLatency): the hub accepting the patch ends the sample.
    client.updateReportedPropertiesAsync(reported, (status, response, e, context) -> {}, null);
  }

  @Override
  public String label() {
    return "bare SDK";
  }

  @Override
  public long roundTrip(JsonNode patch) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    accepted.set(done);
    long start = System.nanoTime();
    hub.hub().twins().patchDesired(id, patch, "*");
    long end = done.get(10, TimeUnit.SECONDS);
    accepted.set(null);
    return end - start;
  }

  @Override
  public void close() {
    client.close();
    replies.shutdownNow();
  }
}
