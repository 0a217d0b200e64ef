package dev.converge.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.HubConfig;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.tls.ClientTls;
import dev.converge.emulator.tls.NoDelaySslContext;
import dev.converge.emulator.twin.TwinSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * The bare SDK echo: a desired patch written at the hub, received by the unmodified device SDK, answered at once with
 * a reported patch, until the hub has accepted it. No engine: this is the floor any agent built on
 * the SDK stands on, and the baseline the agent's own latency is compared with.
 *
 * <p>Two clients run side by side against one local hub, in alternating rounds so that machine noise hits both:
 * SDK defaults (only the hub's CA trusted) and tuned (TCP_NODELAY on the socket, 1 ms send/receive polling).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.converge.benchmarks.EchoLatency [--quick]}.
 */
public final class EchoLatency {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EchoLatency() {}

  /** One echo client: the device half of the loop. */
  private static final class Echo implements AutoCloseable {
    final String deviceId;
    final DeviceClient client;
    final ExecutorService replies = Executors.newSingleThreadExecutor();
    final AtomicReference<CompletableFuture<Long>> acked = new AtomicReference<>();

    Echo(LocalHub hub, String deviceId, ClientOptions options) throws Exception {
      this.deviceId = deviceId;
      hub.createDevice(deviceId);
      client = new DeviceClient(hub.deviceConnectionString(deviceId), IotHubClientProtocol.MQTT, options);
      client.open(false);
      client.subscribeToDesiredProperties(
          (twin, ctx) -> replies.execute(() -> reply(twin.getDesiredProperties().getVersion())), null);
      client.getTwin();
      IdentityId id = IdentityId.device(deviceId);
      hub.hub().twins().addListener((who, update) -> {
        CompletableFuture<Long> waiting = acked.get();
        if (who.equals(id) && update.section() == TwinSection.REPORTED && waiting != null) {
          waiting.complete(System.nanoTime());
        }
      });
    }

    private void reply(Integer version) {
      TwinCollection reported = new TwinCollection();
      reported.put("echo", version);
      // The device's own ack callback is not waited for: SDK 2.5.0 loses it now and then with 1 ms intervals (the
      // receive task can remove the correlation before the MQTT thread looks it up). The hub accepting the reported
      // patch ends the measurement; the 204 travelling back is one more loopback hop.
      client.updateReportedPropertiesAsync(reported, (status, response, e, ctx) -> {}, null);
    }

    /** One round trip in nanoseconds. */
    long roundTrip(LocalHub hub, int i) throws Exception {
      CompletableFuture<Long> done = new CompletableFuture<>();
      acked.set(done);
      long start = System.nanoTime();
      hub.hub().twins().patchDesired(IdentityId.device(deviceId), JSON.createObjectNode().put("seq", i), "*");
      return done.get(10, TimeUnit.SECONDS) - start;
    }

    @Override
    public void close() {
      client.close();
      replies.shutdownNow();
    }
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int rounds = quick ? 2 : 8;
    int perRound = quick ? 20 : 50;
    int warmup = quick ? 10 : 50;
    Path dir = Files.createTempDirectory("echo-hub-");
    try (LocalHub hub = LocalHub.start(HubConfig.defaults(dir).withBindAddress("127.0.0.77").withHttpsPorts(0, 0))) {
      SSLContext trust = ClientTls.trusting(hub.caFile());
      ClientOptions defaults = ClientOptions.builder().sslContext(trust).build();
      ClientOptions tuned = ClientOptions.builder().sslContext(NoDelaySslContext.wrap(trust))
          .sendInterval(1).receiveInterval(1).build();
      try (Echo plain = new Echo(hub, "echo-defaults", defaults);
          Echo fast = new Echo(hub, "echo-tuned", tuned)) {
        for (int i = 0; i < warmup; i++) {
          plain.roundTrip(hub, i);
          fast.roundTrip(hub, i);
        }
        List<Long> plainTimes = new ArrayList<>();
        List<Long> fastTimes = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          for (int i = 0; i < perRound; i++) {
            plainTimes.add(plain.roundTrip(hub, i));
          }
          for (int i = 0; i < perRound; i++) {
            fastTimes.add(fast.roundTrip(hub, i));
          }
        }
        print("SDK defaults", plainTimes);
        print("tuned (TCP_NODELAY, 1 ms intervals)", fastTimes);
        System.out.printf(Locale.ROOT, "p50 ratio defaults/tuned: %.1fx (%d samples each, %d alternating rounds)%n",
            percentile(plainTimes, 50) / percentile(fastTimes, 50), plainTimes.size(), rounds);
      }
    } finally {
      delete(dir);
    }
  }

  private static void print(String label, List<Long> nanos) {
    System.out.printf(Locale.ROOT, "%-40s p50 %6.2f ms   p90 %6.2f ms   p99 %6.2f ms   min %6.2f ms%n", label,
        percentile(nanos, 50), percentile(nanos, 90), percentile(nanos, 99), percentile(nanos, 0));
  }

  static double percentile(List<Long> nanos, int p) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
