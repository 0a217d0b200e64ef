package dev.converge.agent.cli;

import dev.converge.agent.runtime.AdapterCatalog;
import dev.converge.agent.runtime.DefinitionSet;
import dev.converge.engine.definition.Capability;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code converge validate}: checks capability definitions and lists the capabilities they declare. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check capability definitions: YAML, schema, node templates, adapters, dependencies.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no problems", "1:problems found (each printed with file, line and field)"})
final class ValidateCommand implements Callable<Integer> {

  @Option(names = "--definitions", paramLabel = "DIR",
      description = "Folder of capability definitions; repeatable. Default: the bundled definitions.")
  List<Path> definitions = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DefinitionSet set = definitions.isEmpty() ? DefinitionSet.bundled() : DefinitionSet.fromFolders(definitions);
    CapabilityRegistry registry = set.resolve(AdapterCatalog.discover().ids());
    for (Capability c : registry.all()) {
      out.printf("%-24s %-8s %-12s adapter %-12s %s%n", c.id(), c.definition().interfaceVersion(),
          c.availability().name().toLowerCase(java.util.Locale.ROOT), c.definition().adapter(),
          c.definition().source());
    }
    List<DefinitionProblem> problems = new ArrayList<>(set.problems());
    problems.addAll(registry.problems());
    problems.forEach(p -> out.println("problem: " + p));
    out.printf("%d capabilities, %d problem(s)%n", registry.all().size(), problems.size());
    out.flush();
    return problems.isEmpty() ? ExitCode.OK : ExitCode.NOT_CONVERGED;
  }
}
