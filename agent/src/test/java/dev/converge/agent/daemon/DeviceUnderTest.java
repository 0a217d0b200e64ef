package dev.converge.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.journal.FileJournal;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.emulator.hub.MethodResult;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.twin.TwinUpdate;
import dev.converge.engine.journal.JournalEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An agent connected to a local hub, and the operator's side of the twin: what the end-to-end tests drive. Desired
 * patches go straight into the hub's twin store (what the service API does), so the agent sees them exactly as it
 * would from IoT Hub.
 */
final class DeviceUnderTest implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofSeconds(30);
  /** The desired-patch topic the SDK subscribes to; the hub keeps it in the device's persistent session. */
  static final String DESIRED_PATCHES = "$iothub/twin/PATCH/properties/desired/#";

  final LocalHub hub;
  final IdentityId id;
  final Path root;
  final Path data;
  final AgentConfig config;
  Agent agent;

  private DeviceUnderTest(LocalHub hub, IdentityId id, Path root, Path data, AgentConfig config) {
    this(hub, id, root, data, config, newAgent(config));
  }

  private DeviceUnderTest(LocalHub hub, IdentityId id, Path root, Path data, AgentConfig config, Agent agent) {
    this.hub = hub;
    this.id = id;
    this.root = root;
    this.data = data;
    this.config = config;
    this.agent = agent;
  }

  /** A new device identity in {@code hub}, and an agent for it on a fresh root folder under {@code dir}. */
  static DeviceUnderTest device(LocalHub hub, Path dir, String deviceId) {
    return device(hub, dir, deviceId, UnaryOperator.identity());
  }

  /** As {@link #device(LocalHub, Path, String)}, with the agent's configuration adjusted by {@code tune}. */
  static DeviceUnderTest device(LocalHub hub, Path dir, String deviceId, UnaryOperator<AgentConfig> tune) {
    hub.createDevice(deviceId);
    Path root = dir.resolve(deviceId + "-root");
    Path data = dir.resolve(deviceId + "-data");
    AgentConfig config = AgentConfig.forConnectionString(hub.deviceConnectionString(deviceId), root, data)
        .withTrustedCa(hub.caFile());
    return new DeviceUnderTest(hub, IdentityId.device(deviceId), root, data, tune.apply(config));
  }

  /** A new module of a new device in {@code hub}, and an agent managing the module's twin. */
  static DeviceUnderTest module(LocalHub hub, Path dir, String deviceId, String moduleId,
      UnaryOperator<AgentConfig> tune) {
    hub.createDevice(deviceId);
    hub.createModule(deviceId, moduleId);
    Path root = dir.resolve(deviceId + "-" + moduleId + "-root");
    Path data = dir.resolve(deviceId + "-" + moduleId + "-data");
    AgentConfig config = AgentConfig.forConnectionString(hub.moduleConnectionString(deviceId, moduleId), root, data)
        .withTrustedCa(hub.caFile()).withModule(moduleId);
    return new DeviceUnderTest(hub, IdentityId.module(deviceId, moduleId), root, data, tune.apply(config));
  }

  /**
   * An agent with any configuration (DPS: the identity does not exist yet), whose twin will be {@code id}'s once it is
   * connected.
   */
  static DeviceUnderTest withConfig(LocalHub hub, IdentityId id, AgentConfig config) {
    return new DeviceUnderTest(hub, id, config.root(), config.data(), config);
  }

  /** The same agent, seen through another twin: the identity it has after DPS assigned it anew. */
  DeviceUnderTest nowAs(IdentityId other) {
    return new DeviceUnderTest(hub, other, root, data, config, agent);
  }

  /** Settings that keep end-to-end tests short: a lost SDK answer is asked again after 3 s instead of 10 s. */
  static AgentConfig fast(AgentConfig config) {
    return config.withSdk(config.sdk().withOperationTimeout(Duration.ofSeconds(3)));
  }

  AgentConfig config(String connectionString) {
    return AgentConfig.forConnectionString(connectionString, root, data).withTrustedCa(hub.caFile());
  }

  /** Starts the agent and waits for its first report; stops it again if that does not come, so nothing leaks. */
  DeviceUnderTest started() throws Exception {
    agent.start();
    try {
      agent.awaitStarted(WAIT);
    } catch (Exception | AssertionError e) {
      agent.close();
      throw e;
    }
    return this;
  }

  /** Stops the agent (as a process would stop) and starts a new one on the same configuration, data and root. */
  DeviceUnderTest restartAgent() throws Exception {
    agent.close();
    agent = newAgent(config);
    return started();
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

  JsonNode desired() {
    return hub.hub().twins().get(id).orElseThrow().desired().toObjectNode();
  }

  long desiredVersion() {
    return hub.hub().twins().get(id).orElseThrow().desiredVersion();
  }

  long reportedVersion() {
    return hub.hub().twins().get(id).orElseThrow().reportedVersion();
  }

  /** Whether the hub sees a live connection of this identity. */
  boolean isOnline() {
    return hub.hub().sessions().presence(id).connected();
  }

  /**
   * Takes the identity offline the way an operator can: disabled, its live connection is closed and every reconnect
   * refused, until {@link #enable()}.
   */
  void disable() {
    hub.hub().update(id, null, false, "*");
    await("the hub to drop " + id, () -> !isOnline());
  }

  void enable() {
    hub.hub().update(id, null, true, "*");
  }

  /**
   * Has the hub stop pushing desired patches to this identity while it stays connected: a push the device misses, as
   * a patch lost in flight would be. {@link #resumeDesiredPushes()} undoes it.
   */
  void holdDesiredPushes() {
    hub.hub().sessions().unsubscribe(id, DESIRED_PATCHES);
  }

  void resumeDesiredPushes() {
    hub.hub().sessions().subscribe(id, DESIRED_PATCHES, 1);
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

  /** Waits until {@code condition} holds; fails naming {@code what}. */
  void await(String what, BooleanSupplier condition) {
    hub.await(what, WAIT, condition);
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

  boolean hasFile(String path, String content) {
    Path f = root.resolve(path.substring(1));
    return Files.isRegularFile(f) && content.equals(file(path));
  }

  /** The agent's journal file, line by line. */
  List<String> journalRecords() {
    return new FileJournal(data.resolve("journal.jsonl")).records();
  }

  List<JournalEntry> journal() {
    return journalRecords().stream().map(JournalEntry::parse).toList();
  }

  /** {@code connectionString} without its {@code GatewayHostName}: the agent then signs its own SAS tokens. */
  static String withoutGateway(String connectionString) {
    return connectionString.replaceAll(";?GatewayHostName=[^;]*", "");
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

  private static Agent newAgent(AgentConfig config) {
    return Agent.create(config, new SystemClock(), new Agent.AgentListener() {});
  }

  @Override
  public void close() {
    agent.close();
  }
}
