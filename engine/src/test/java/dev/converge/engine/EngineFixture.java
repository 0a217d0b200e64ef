package dev.converge.engine;

import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionLoader;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.FakeNodeAdapter;
import dev.converge.engine.port.InMemoryJournal;
import dev.converge.engine.port.InMemoryTwinChannel;
import dev.converge.engine.port.RecordingAuditSink;
import dev.converge.engine.queue.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * An engine wired to test doubles: the test capabilities under {@code testcaps/} on one {@link FakeNodeAdapter},
 * an in-memory twin and journal, a recording audit sink, and a fake clock. Tests read as: given a device, set
 * desired, run, look.
 */
public final class EngineFixture {

  public static final List<String> ALL = List.of("settings", "items", "base", "dependent");

  public final FakeClock clock = new FakeClock();
  public final FakeNodeAdapter device = new FakeNodeAdapter("fake");
  public final InMemoryTwinChannel twin = new InMemoryTwinChannel();
  /** Every audit event the engine emitted (across restarts). */
  public final RecordingAuditSink audit = new RecordingAuditSink();
  public InMemoryJournal journal;
  public final List<DefinitionProblem> problems = new ArrayList<>();
  public final CapabilityRegistry registry;
  private Engine engine;

  public EngineFixture() {
    this(ALL, new InMemoryJournal());
  }

  public EngineFixture(List<String> capabilities, InMemoryJournal journal) {
    this.journal = journal;
    this.registry = CapabilityRegistry.of(load(capabilities, problems), Set.of("fake"));
  }

  public static List<CapabilityDefinition> load(List<String> names, List<DefinitionProblem> problems) {
    DefinitionLoader loader = DefinitionLoader.create((source, schema) -> resource(schema));
    List<CapabilityDefinition> out = new ArrayList<>();
    for (String n : names) {
      DefinitionLoader.Result r = loader.load(n + ".yaml", resource(n + ".yaml").orElseThrow());
      problems.addAll(r.problems());
      if (r.definition() != null) {
        out.add(r.definition());
      }
    }
    return out;
  }

  public static Optional<String> resource(String name) {
    try (InputStream in = EngineFixture.class.getResourceAsStream("testcaps/" + name)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds and starts the engine (once); a second call returns the same engine. */
  public Engine engine() {
    if (engine == null) {
      engine = Engine.builder()
          .capabilities(registry, problems)
          .adapter("fake", device)
          .channel(twin)
          .journal(journal)
          .clock(clock)
          .audit(audit)
          .backoff(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 3, new Random(7)))
          .build();
      engine.start();
      engine.runUntilIdle();
    }
    return engine;
  }

  /** A new engine over the same device, twin and journal: a restart of the agent. */
  public Engine restart() {
    engine = null;
    return engine();
  }

  /** Sets the whole desired document (as JSON) and runs the engine until idle. */
  public NodeValue.Obj converge(String desiredJson) {
    engine();
    twin.setDesired((NodeValue.Obj) NodeValue.parse(desiredJson));
    engine.runUntilIdle();
    return twin.reported();
  }

  /** Advances time and runs whatever became due (retries, drift scans). */
  public NodeValue.Obj advance(Duration d) {
    clock.advance(d);
    engine.tick();
    engine.runUntilIdle();
    return twin.reported();
  }
}
