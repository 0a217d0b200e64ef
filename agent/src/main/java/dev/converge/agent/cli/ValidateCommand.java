package dev.converge.agent.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  @Option(names = "--json", description = "Print the capabilities and problems as JSON.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DefinitionSet set = definitions.isEmpty() ? DefinitionSet.bundled() : DefinitionSet.fromFolders(definitions);
    CapabilityRegistry registry = set.resolve(AdapterCatalog.discover().ids());
    List<DefinitionProblem> problems = new ArrayList<>(set.problems());
    problems.addAll(registry.problems());
    if (json) {
      out.println(asJson(registry, problems).toPrettyString());
      out.flush();
      return problems.isEmpty() ? ExitCode.OK : ExitCode.NOT_CONVERGED;
    }
    for (Capability c : registry.all()) {
      out.printf("%-24s %-8s %-12s adapter %-12s %s%n", c.id(), c.definition().interfaceVersion(),
          c.availability().name().toLowerCase(java.util.Locale.ROOT), c.definition().adapter(),
          c.definition().source());
    }
    problems.forEach(p -> out.println("problem: " + p));
    out.printf("%d capabilities, %d problem(s)%n", registry.all().size(), problems.size());
    out.flush();
    return problems.isEmpty() ? ExitCode.OK : ExitCode.NOT_CONVERGED;
  }

  private static ObjectNode asJson(CapabilityRegistry registry,
      List<DefinitionProblem> problems) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ArrayNode caps = root.putArray("capabilities");
    for (Capability c : registry.all()) {
      ObjectNode o = caps.addObject();
      o.put("id", c.id());
      o.put("interfaceVersion", c.definition().interfaceVersion().toString());
      o.put("availability", c.availability().name().toLowerCase(java.util.Locale.ROOT));
      o.put("adapter", c.definition().adapter());
      o.put("source", c.definition().source());
      ArrayNode methods = o.putArray("commands");
      c.definition().commands().keySet().forEach(methods::add);
    }
    ArrayNode out = root.putArray("problems");
    for (DefinitionProblem p : problems) {
      ObjectNode o = out.addObject();
      o.put("file", p.source());
      o.put("line", p.line());
      o.put("column", p.column());
      o.put("field", p.field());
      o.put("capability", p.capability());
      o.put("message", p.message());
    }
    return root;
  }
}
