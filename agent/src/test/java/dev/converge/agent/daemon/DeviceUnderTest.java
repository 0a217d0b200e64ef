package dev.converge.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.emulator.hub.MethodResult;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.twin.TwinUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * An agent connected to a local hub, and the operator's side of the twin: what the end-to-end tests drive. Desired
 * patches go straight into the hub's twin store (what the service API does), so the agent sees them exactly as it
 * would from IoT Hub.
 */
final class DeviceUnderTest implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(30);

  final LocalHub hub;
  final IdentityId id;
  final Path root;
  final Path data;
  Agent agent;

  private DeviceUnderTest(LocalHub hub, IdentityId id, Path root, Path data) {
    this.hub = hub;
    this.id = id;
    this.root = root;
    this.data = data;
  }

  /** A new device identity in {@code hub}, and an agent for it on a fresh root folder under {@code dir}. */
  static DeviceUnderTest device(LocalHub hub, Path dir, String deviceId) {
    hub.createDevice(deviceId);
    DeviceUnderTest d = new DeviceUnderTest(hub, IdentityId.device(deviceId), dir.resolve(deviceId + "-root"),
        dir.resolve(deviceId + "-data"));
    d.agent = Agent.create(d.config(hub.deviceConnectionString(deviceId)), new SystemClock(),
        new Agent.AgentListener() {});
    return d;
  }

  AgentConfig config(String connectionString) {
    return AgentConfig.forConnectionString(connectionString, root, data).withTrustedCa(hub.caFile());
  }

  DeviceUnderTest started() throws Exception {
    agent.start();
    agent.awaitStarted(WAIT);
    return this;
  }

  void patchDesired(String json) {
    TwinUpdate u = hub.hub().twins().patchDesired(id, json(json), "*");
    if (!u.isAccepted()) {
      throw new IllegalStateException("hub refused the desired patch: " + u);
    }
  }

  JsonNode reported() {
    return hub.hub().twins().get(id).orElseThrow().reported().toObjectNode();
  }

  long desiredVersion() {
    return hub.hub().twins().get(id).orElseThrow().desiredVersion();
  }

  /** Waits until the reported twin satisfies {@code condition}; fails naming {@code what} and the last twin. */
  JsonNode awaitReported(String what, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode last = reported();
    while (!condition.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; reported twin: " + last.toPrettyString());
      }
      sleep(20);
      last = reported();
    }
    return last;
  }

  /** Waits until group {@code group} reports {@code status} for the twin's current desired version. */
  JsonNode awaitStatus(String group, String status) {
    long version = desiredVersion();
    return awaitReported(group + " " + status + " at desired version " + version, r -> {
      JsonNode meta = r.path(group).path("__meta");
      return status.equals(meta.path("deploymentStatus").asText())
          && meta.path("desiredVersion").asLong() >= version;
    });
  }

  MethodResult invoke(String method, String payload) {
    return hub.hub().methods().invoke(id, method, json(payload), Duration.ofSeconds(10), Duration.ofSeconds(5))
        .join();
  }

  String file(String path) {
    try {
      return Files.readString(root.resolve(path.substring(1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    agent.close();
  }
}
