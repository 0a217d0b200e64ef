package dev.converge.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.agent.journal.FileJournal;
import dev.converge.engine.report.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code converge apply}: one reconciliation pass of a desired document against the device; prints reported. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {"Apply a desired document to the device once and print the reported document the twin would "
        + "receive.", "Every write is journaled (intent, then outcome). Failed groups are not retried here."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every group succeeded", "1:some group failed, is blocked, invalid or unsupported",
        "2:bad input (file, JSON, option); nothing applied"})
final class ApplyCommand implements Callable<Integer> {

  @Mixin OfflineOptions options;
  @Spec CommandSpec spec;

  @Option(names = "--desired", paramLabel = "FILE", required = true,
      description = "Desired document (JSON): desired properties, or a twin with properties.desired.")
  Path desired;

  @Option(names = "--journal", paramLabel = "FILE",
      description = "Audit journal to append to. Default: <root>/var/lib/converge/journal.jsonl")
  Path journal;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path journalFile = journal != null ? journal
        : options.root.toAbsolutePath().resolve("var/lib/converge/journal.jsonl");
    try (OfflineRun run = OfflineRun.start(options, DesiredFile.read(desired), new FileJournal(journalFile), err)) {
      run.engine.runUntilIdle();
      Summary summary = run.engine.summary();
      ObjectMapper json = new ObjectMapper();
      out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(run.engine.reported().toJson()));
      out.flush();
      err.printf("%s: %d failed, %d blocked, %d unsupported, %d pending; journal %s%n",
          summary.isConverged() ? "converged" : "not converged", summary.failed().size(), summary.blocked().size(),
          summary.unsupported().size(), summary.pending().size(), journalFile);
      err.flush();
      return summary.isConverged() ? ExitCode.OK : ExitCode.NOT_CONVERGED;
    } catch (DesiredFile.Unusable e) {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE;
    }
  }
}
