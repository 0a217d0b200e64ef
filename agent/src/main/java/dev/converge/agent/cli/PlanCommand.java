package dev.converge.agent.cli;

import dev.converge.agent.journal.VolatileJournal;
import dev.converge.agent.state.AgentState;
import dev.converge.agent.state.LocalState;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.plan.GroupPlan;
import dev.converge.engine.plan.Plan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code converge plan}: what {@code apply} would change, read from the device, without writing anything. The
 * desired document is a file, or, without {@code --desired}, the one the running agent last saved.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Show what applying a desired document would change on the device, without changing anything.",
        "The desired document is --desired FILE or, without it, the one the agent last received (from its local "
            + "state in --data); the output says which was used. The device's state is read through the adapters "
            + "under --root.",
        "Adapters that cannot predict a write's result show 'unknown'."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every group can be applied (or needs nothing)",
        "1:some group is invalid, blocked or unsupported",
        "2:bad input (file, JSON, option; no --desired and no agent state); nothing read"})
final class PlanCommand implements Callable<Integer> {

  @Mixin OfflineOptions options;

  @Option(names = "--desired", paramLabel = "FILE",
      description = "Desired document (JSON): desired properties, or a twin with properties.desired. Default: the "
          + "desired document in the agent's local state (--data).")
  @Nullable Path desired;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "/var/lib/converge",
      description = "The agent's data folder, read when --desired is not given. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DesiredFile document;
    String source;
    try {
      if (desired != null) {
        document = DesiredFile.read(desired);
        source = desired.toString();
      } else {
        LocalState local = new LocalState(data);
        AgentState state = local.require();
        document = new DesiredFile(state.desired(), state.desiredVersion());
        source = local.stateFile() + " (desired version " + state.desiredVersion() + " of " + state.identity()
            + ", saved " + state.updated() + ")";
      }
    } catch (DesiredFile.Unusable e) {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (LocalState.Unreadable e) {
      err.println("error: " + e.getMessage() + (e.isMissing() ? "; or give a desired document with --desired FILE"
          : ""));
      return ExitCode.USAGE;
    }
    // A what-if run keeps its journal in memory: planning must not record anything on the device.
    try (OfflineRun run = OfflineRun.start(options, document, new VolatileJournal(), err)) {
      Plan plan = run.engine.plan();
      if (options.json) {
        out.println(PlanView.toJson(plan).with("desiredSource", NodeValue.of(source)).toJsonText());
      } else {
        out.println("Desired document: " + source);
        out.print(PlanView.toTable(plan));
      }
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
