package dev.converge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.daemon.Agent;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.twin.TwinSection;
import dev.converge.emulator.twin.TwinUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The Converge agent daemon ({@link Agent}, bundled definitions, default {@link
 * dev.converge.agent.config.SdkTuning}) on a temporary root folder, in this JVM, connected to the local hub.
 *
 * <p>A round trip ends when the hub accepts a reported patch after which the {@code files} group reports
 * {@code succeeded} for the desired version just written: patch received, group validated, diffed and planned, intent
 * journaled, file written, outcome journaled, report rendered and sent.
 */
final class AgentDevice implements LatencyProbe {

  static final String GROUP = "files";

  private record Waiting(long desiredVersion, CompletableFuture<Long> done) {}

  private final LocalHub hub;
  private final IdentityId id;
  private final Agent agent;
  private final Path root;
  private final AtomicReference<@Nullable Waiting> waiting = new AtomicReference<>();

  private AgentDevice(LocalHub hub, IdentityId id, Agent agent, Path root) {
    this.hub = hub;
    this.id = id;
    this.agent = agent;
    this.root = root;
  }

  /**
   * Registers {@code deviceId} at the hub and starts an agent for it on {@code dir/root}, with its journal in
   * {@code dir/data}; returns once the agent has sent its first full report.
   */
  static AgentDevice start(LocalHub hub, String deviceId, Path dir) throws Exception {
    hub.createDevice(deviceId);
    IdentityId id = IdentityId.device(deviceId);
    Path root = dir.resolve("root");
    AgentConfig config = AgentConfig.forConnectionString(hub.deviceConnectionString(deviceId), root,
        dir.resolve("data")).withTrustedCa(hub.caFile());
    Agent agent = Agent.create(config, new SystemClock(), new Agent.AgentListener() {});
    AgentDevice device = new AgentDevice(hub, id, agent, root);
    hub.hub().twins().addListener((who, update) -> {
      if (who.equals(id) && update.section() == TwinSection.REPORTED) {
        long now = System.nanoTime();
        Waiting w = device.waiting.get();
        if (w != null && succeeded(update.twin().reported().get(GROUP), w.desiredVersion())) {
          w.done().complete(now);
        }
      }
    });
    agent.start();
    agent.awaitStarted(Duration.ofSeconds(60));
    return device;
  }

  /** Whether {@code group}'s reported {@code __meta} says {@code succeeded} at {@code desiredVersion} or later. */
  static boolean succeeded(@Nullable JsonNode group, long desiredVersion) {
    if (group == null) {
      return false;
    }
    JsonNode meta = group.path("__meta");
    return "succeeded".equals(meta.path("deploymentStatus").asText())
        && meta.path("desiredVersion").asLong() >= desiredVersion;
  }

  Path root() {
    return root;
  }

  @Override
  public String label() {
    return "agent";
  }

  @Override
  public long roundTrip(JsonNode patch) throws Exception {
    long next = hub.hub().twins().get(id).orElseThrow().desiredVersion() + 1; // this JVM is the only writer
    Waiting w = new Waiting(next, new CompletableFuture<>());
    waiting.set(w);
    long start = System.nanoTime();
    TwinUpdate update = hub.hub().twins().patchDesired(id, patch, "*");
    if (!(update instanceof TwinUpdate.Accepted a) || a.version() != next) {
      throw new IllegalStateException("desired patch not accepted as version " + next + ": " + update);
    }
    long end = w.done().get(10, TimeUnit.SECONDS);
    waiting.set(null);
    return end - start;
  }

  @Override
  public void close() {
    agent.close();
  }
}
