package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.converge.agent.runtime.AdapterCatalog;
import dev.converge.agent.runtime.DefinitionSet;
import dev.converge.engine.Engine;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.CommandRunner;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.InMemoryJournal;
import dev.converge.engine.port.InMemoryTwinChannel;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.TwinChannel;
import dev.converge.engine.queue.Backoff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The device under test as one process: the real engine with the bundled capability definitions and every adapter
 * on the class path, on a fresh temporary root folder, behind the engine's in-memory twin, with a fake clock and an
 * in-memory journal. Wired as the agent's {@code OfflineRun} wires it, so what passes here is what the agent runs.
 *
 * <p>Every call drives the engine until idle before it returns; {@link #advance} stops at each wake-up the engine
 * asks for (drift scans, retries) on the way, as the agent's loop would. Direct methods go to {@link Engine#invoke}
 * directly, without the SDK's JSON round trip; the agent target will add that.
 */
final class EngineTarget implements Target {

  /** More wake-ups than this within one advance means the engine keeps scheduling work for the same instant. */
  private static final int MAX_WAKE_UPS = 10_000;

  /** Adapters of this target run no operating-system commands: a scenario's device is its file tree. */
  private static final CommandRunner NO_COMMANDS = (command, timeout) ->
      new CommandRunner.Result(-1, "", "the conformance engine target runs no commands: " + command);

  private final DeviceRoot device;
  private final FakeClock clock = new FakeClock();
  private final InMemoryTwinChannel twin = new InMemoryTwinChannel();
  private final InMemoryJournal journal = new InMemoryJournal();
  private final Engine engine;

  private EngineTarget(DeviceRoot device) {
    this.device = device;
    DefinitionSet definitions = DefinitionSet.bundled();
    AdapterCatalog catalog = AdapterCatalog.discover();
    CapabilityRegistry registry = definitions.resolve(catalog.ids());
    Map<String, NodeAdapter> adapters = catalog.openAll(
        new AdapterContext(device.root().toString(), clock, NO_COMMANDS, Map.of()));
    Engine.Builder builder = Engine.builder()
        .capabilities(registry, definitions.problems())
        .channel(twin)
        .journal(journal)
        .clock(clock)
        .backoff(Backoff.defaults(new Random(7)));
    adapters.forEach(builder::adapter);
    this.engine = builder.build();
    engine.start();
    engine.runUntilIdle();
  }

  /** A started engine on a new device root in a fresh temporary folder, removed again by {@link #close}. */
  static EngineTarget start() {
    Path sandbox;
    try {
      sandbox = Files.createTempDirectory("converge-conformance-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scenario sandbox", e);
    }
    return new EngineTarget(DeviceRoot.in(sandbox));
  }

  @Override
  public void setDesired(JsonNode desired) {
    twin.setDesired(object(desired, "desired"));
    engine.runUntilIdle();
  }

  @Override
  public void patchDesired(JsonNode patch) {
    twin.patchDesired(object(patch, "a desired patch"));
    engine.runUntilIdle();
  }

  @Override
  public JsonNode reported() {
    return twin.reported().toJson();
  }

  @Override
  public void advance(Duration duration) {
    Instant end = clock.now().plus(duration);
    for (int wakeUps = 0; ; wakeUps++) {
      Optional<Instant> next = engine.nextWakeUp();
      if (next.isEmpty() || next.get().isAfter(end)) {
        break;
      }
      if (wakeUps == MAX_WAKE_UPS) {
        throw new IllegalStateException("the engine asked to wake up more than " + MAX_WAKE_UPS + " times within "
            + duration + "; it keeps scheduling work at " + next.get() + " (now " + clock.now() + ")");
      }
      if (next.get().isAfter(clock.now())) {
        clock.set(next.get());
      }
      engine.tick();
      engine.runUntilIdle();
    }
    clock.set(end);
    engine.tick();
    engine.runUntilIdle();
  }

  @Override
  public DeviceRoot device() {
    return device;
  }

  @Override
  public List<String> journal() {
    return journal.records();
  }

  /** Calls the engine as the agent's method handler does, then lets it act on what the command queued. */
  @Override
  public MethodResponse invoke(String method, JsonNode payload) {
    TwinChannel.CommandResponse response = engine.invoke(new TwinChannel.CommandRequest(method,
        NodeValue.fromJson(payload)));
    engine.runUntilIdle();
    return new MethodResponse(response.status(), response.payload().toJson());
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      device.deleteAll();
    }
  }

  private static NodeValue.Obj object(JsonNode json, String what) {
    if (!(NodeValue.fromJson(json) instanceof NodeValue.Obj obj)) {
      throw new IllegalArgumentException(what + " must be a JSON object, not " + json);
    }
    return obj;
  }
}
