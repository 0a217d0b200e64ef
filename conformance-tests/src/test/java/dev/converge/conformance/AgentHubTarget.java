package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.config.SdkTuning;
import dev.converge.agent.daemon.Agent;
import dev.converge.agent.journal.FileJournal;
import dev.converge.emulator.hub.MethodResult;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.twin.TwinUpdate;
import dev.converge.engine.Engine;
import dev.converge.engine.port.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The device under test as it runs in the field: the real agent ({@link Agent}), in this process, connected through
 * the official device SDK over MQTT to a {@link LocalHub}, with its own device identity, a fresh root folder and its
 * journal file. The operator's side goes through the hub's twin store and direct methods, the same code the hub's
 * service API runs, so the agent receives exactly what IoT Hub would send it.
 *
 * <p>Waiting: a desired write returns once the hub holds a reported twin that answers the new desired
 * {@code $version} ({@link DesiredAnswer}), woken by the hub's twin listener ({@link ReportedWatch}), never by a
 * sleep. The agent runs on a {@link FakeClock}: {@link #advance} moves it to each wake-up the engine asks for on the
 * way, as {@code EngineTarget} does, and has the agent {@link Agent#settle() settle} there (an engine pass that
 * returns once the hub has acknowledged the reported patch).
 */
final class AgentHubTarget implements Target {

  /** How long the agent may take to connect, and to answer a desired change or a direct method. */
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MAX_WAKE_UPS = 10_000;
  /**
   * When device SDK 2.5.0 loses the answer to a reported patch the hub did take (under load it logs "acknowledged by
   * service was not sent by this client"), the agent's engine thread waits this long before it sends the document
   * again. The agent's 10 s default would only make such a scenario slower; the outcome is the same.
   */
  private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(3);

  private final ReportedWatch watch;
  private final IdentityId id;
  private final Path folder;
  private final DeviceRoot device;
  private final FileJournal journal;
  private final FakeClock clock = new FakeClock();
  private final Agent agent;

  private AgentHubTarget(ReportedWatch watch, IdentityId id, Path folder) {
    this.watch = watch;
    this.id = id;
    this.folder = folder;
    try {
      this.device = DeviceRoot.in(Files.createDirectories(folder.resolve("sandbox")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the sandbox in " + folder, e);
    }
    Path data = folder.resolve("data");
    this.journal = new FileJournal(data.resolve("journal.jsonl"));
    LocalHub hub = watch.hub();
    AgentConfig config = AgentConfig.forConnectionString(hub.deviceConnectionString(id.deviceId()), device.root(),
        data).withTrustedCa(hub.caFile()).withSdk(SdkTuning.DEFAULTS.withOperationTimeout(OPERATION_TIMEOUT));
    this.agent = Agent.create(config, clock, new Agent.AgentListener() {});
  }

  /**
   * Registers {@code deviceId} in the watched hub and starts an agent for it on a fresh root folder; returns once it
   * has connected and sent its first report.
   */
  static AgentHubTarget start(ReportedWatch watch, String deviceId) {
    watch.hub().createDevice(deviceId);
    Path folder;
    try {
      folder = Files.createTempDirectory("converge-agent-conformance-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scenario folder", e);
    }
    AgentHubTarget target = new AgentHubTarget(watch, IdentityId.device(deviceId), folder);
    try {
      target.agent.start();
      target.agent.awaitStarted(WAIT);
    } catch (TimeoutException e) {
      target.close();
      throw new IllegalStateException("the agent for " + deviceId + " did not connect and report within "
          + Durations.format(WAIT) + "; last error: " + target.agent.lastError().orElse("none"), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      target.close();
      throw new IllegalStateException("interrupted while starting the agent for " + deviceId, e);
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
    return target;
  }

  /**
   * Sends the difference to the twin's current desired document as a patch (nothing when there is none), as the
   * {@link Target} contract says; {@link #replaceDesired} is the other way an operator can set the whole document.
   */
  @Override
  public void setDesired(JsonNode desired) {
    JsonNode current = watch.hub().hub().twins().get(id).orElseThrow().desired().toObjectNode();
    JsonNode patch = MergePatch.diff(current, desired);
    if (!patch.isEmpty()) {
      patchDesired(patch);
    }
  }

  /**
   * Replaces the whole desired document, as a twin PUT does ({@code az iot hub device-twin replace}, the service
   * SDKs' {@code replace}): IoT Hub then sends the device the whole new document, not the difference.
   */
  void replaceDesired(JsonNode desired) {
    answer(watch.hub().hub().twins().replaceDesired(id, desired, "*"), "desired document");
  }

  @Override
  public void patchDesired(JsonNode patch) {
    answer(watch.hub().hub().twins().patchDesired(id, patch, "*"), "desired patch");
  }

  @Override
  public JsonNode reported() {
    return watch.reported(id);
  }

  @Override
  public void advance(Duration duration) {
    Instant end = clock.now().plus(duration);
    for (int wakeUps = 0; ; wakeUps++) {
      Optional<Instant> next = agent.read(Engine::nextWakeUp);
      if (next.isEmpty() || next.get().isAfter(end)) {
        break;
      }
      if (wakeUps == MAX_WAKE_UPS) {
        throw new IllegalStateException("the agent asked to wake up more than " + MAX_WAKE_UPS + " times within "
            + duration + "; it keeps scheduling work at " + next.get() + " (now " + clock.now() + ")");
      }
      if (next.get().isAfter(clock.now())) {
        clock.set(next.get());
      }
      agent.settle();
    }
    clock.set(end);
    agent.settle();
  }

  @Override
  public DeviceRoot device() {
    return device;
  }

  @Override
  public List<String> journal() {
    return journal.records();
  }

  @Override
  public MethodResponse invoke(String method, JsonNode payload) {
    MethodResult result = watch.hub().hub().methods().invoke(id, method, payload, WAIT, Duration.ofSeconds(5))
        .join();
    if (result instanceof MethodResult.Responded r) {
      // The agent answers on the SDK's thread and wakes its engine for what the command queued (a re-check, a
      // rebuilt report); wait for that pass too, so the step's twin expectations see its outcome.
      agent.settle();
      return new MethodResponse(r.status(), r.payload());
    }
    MethodResult.Failed f = (MethodResult.Failed) result;
    throw new IllegalStateException("the hub got no answer to " + method + " from " + id + ": " + f.httpStatus()
        + " (" + f.errorCode() + ") " + f.message());
  }

  @Override
  public void close() {
    try {
      agent.close();
      watch.hub().hub().deregister(id, "*");
    } finally {
      delete(folder);
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scenario folder " + folder, e);
    }
  }

  private void answer(TwinUpdate update, String what) {
    if (!(update instanceof TwinUpdate.Accepted accepted)) {
      throw new IllegalArgumentException("the hub refused the " + what + ": " + ((TwinUpdate.Rejected) update).error());
    }
    long version = accepted.version();
    watch.await(id, reported -> DesiredAnswer.missing(reported, version), WAIT,
        last -> DesiredAnswer.timedOut("the agent of " + id, version, WAIT, last));
  }
}
