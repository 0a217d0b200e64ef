package dev.converge.agent.cli;

import dev.converge.agent.journal.VolatileJournal;
import dev.converge.engine.plan.GroupPlan;
import dev.converge.engine.plan.Plan;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code converge plan}: what {@code apply} would change, read from the device, without writing anything. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Show what applying a desired document would change on the device, without changing anything.",
        "Adapters that cannot predict a write's result show 'unknown'."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every group can be applied (or needs nothing)",
        "1:some group is invalid, blocked or unsupported", "2:bad input (file, JSON, option); nothing read"})
final class PlanCommand implements Callable<Integer> {

  @Mixin OfflineOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // A what-if run keeps its journal in memory: planning must not record anything on the device.
    try (OfflineRun run = OfflineRun.start(options, new VolatileJournal(), err)) {
      Plan plan = run.engine.plan();
      out.print(options.json ? PlanView.toJson(plan).toJsonText() + System.lineSeparator() : PlanView.toTable(plan));
      out.flush();
      boolean problems = plan.groups().stream().anyMatch(g -> !g.errors().isEmpty()
          || g.status() == GroupPlan.Status.BLOCKED);
      return problems ? ExitCode.NOT_CONVERGED : ExitCode.OK;
    } catch (DesiredFile.Unusable e) {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE;
    }
  }
}
