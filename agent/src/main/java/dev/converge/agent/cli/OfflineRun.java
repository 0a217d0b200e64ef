package dev.converge.agent.cli;

import dev.converge.agent.runtime.AdapterCatalog;
import dev.converge.agent.runtime.DefinitionSet;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.adapters.exec.ProcessCommandRunner;
import dev.converge.engine.Engine;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.InMemoryTwinChannel;
import dev.converge.engine.port.Journal;
import dev.converge.engine.port.NodeAdapter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An engine over the local root folder and an in-memory twin holding the desired file: what {@code plan} and
 * {@code apply} run. Definition problems are printed as warnings; the capabilities they concern are left out and
 * their groups report why.
 */
final class OfflineRun implements AutoCloseable {

  final Engine engine;
  final InMemoryTwinChannel twin;

  private OfflineRun(Engine engine, InMemoryTwinChannel twin) {
    this.engine = engine;
    this.twin = twin;
  }

  static OfflineRun start(OfflineOptions options, DesiredFile desired, Journal journal, PrintWriter err)
      throws DesiredFile.Unusable {
    Path root = options.root.toAbsolutePath().normalize();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new DesiredFile.Unusable(root + ": --root must be a folder");
    }
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new DesiredFile.Unusable(root + ": cannot create the root folder: " + e.getMessage());
    }
    DefinitionSet definitions = options.definitions.isEmpty()
        ? DefinitionSet.bundled() : DefinitionSet.fromFolders(options.definitions);
    AdapterCatalog catalog = AdapterCatalog.discover();
    CapabilityRegistry registry = definitions.resolve(catalog.ids());
    for (DefinitionProblem p : definitions.problems()) {
      err.println("warning: " + p);
    }
    for (DefinitionProblem p : registry.problems()) {
      err.println("warning: " + p);
    }
    err.flush();
    SystemClock clock = new SystemClock();
    Map<String, NodeAdapter> adapters = catalog.openAll(
        new AdapterContext(root.toString(), clock, new ProcessCommandRunner(), Map.of()));
    InMemoryTwinChannel twin = new InMemoryTwinChannel();
    twin.patchDesiredSilently(desired.properties());
    Engine.Builder builder = Engine.builder()
        .capabilities(registry, definitions.problems())
        .channel(twin)
        .journal(journal)
        .clock(clock);
    adapters.forEach(builder::adapter);
    Engine engine = builder.build();
    engine.start();
    return new OfflineRun(engine, twin);
  }

  List<DefinitionProblem> problems() {
    return engine.problems();
  }

  @Override
  public void close() {
    engine.close();
  }
}
