package dev.converge.agent.cli;

import dev.converge.agent.runtime.DefinitionSet;
import dev.converge.engine.definition.CapabilityDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code converge docs}: writes one Markdown page per capability, generated from its definition and schema. */
@Command(name = "docs", mixinStandardHelpOptions = true,
    description = "Write a user page per capability (Markdown), generated from its definition and JSON Schema.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:pages written", "1:some definitions have problems (their pages are not written)",
        "2:the output folder cannot be written"})
final class DocsCommand implements Callable<Integer> {

  @Option(names = "--definitions", paramLabel = "DIR",
      description = "Folder of capability definitions; repeatable. Default: the bundled definitions.")
  List<Path> definitions = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write <id>.md pages to.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DefinitionSet set = definitions.isEmpty() ? DefinitionSet.bundled() : DefinitionSet.fromFolders(definitions);
    set.problems().forEach(p -> err.println("problem: " + p));
    try {
      Files.createDirectories(out);
      for (CapabilityDefinition d : set.definitions()) {
        Path page = out.resolve(d.id() + ".md");
        Files.writeString(page, CapabilityPage.render(d), StandardCharsets.UTF_8);
        stdout.println(page);
      }
    } catch (IOException e) {
      err.println("error: cannot write " + out + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
    stdout.flush();
    err.flush();
    return set.problems().isEmpty() ? ExitCode.OK : ExitCode.NOT_CONVERGED;
  }
}
