package dev.converge.agent.cli;

import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationsClient;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import dev.converge.agent.operator.RolloutStatus;
import dev.converge.agent.operator.ServiceTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code converge hub status [ID]}: ADM configurations with their targeted, applied and custom metric counts. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show ADM configurations with targeted/applied counts and custom metrics; --wait follows a rollout.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown (with --wait: every targeted twin has the configuration applied)",
        "1:--wait timed out before that, or the hub refused the request", "2:bad option or unknown hub"})
final class HubStatusCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", arity = "0..1", description = "Only this configuration.")
  String id;

  @Option(names = "--wait", description = "Refresh until every targeted twin has the configuration applied.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "Give up waiting after this long. Default: ${DEFAULT-VALUE}.")
  long timeoutSeconds;

  @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000",
      description = "Refresh interval while waiting. Default: ${DEFAULT-VALUE}.")
  long intervalMillis;

  @Mixin ServiceOptions service;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ServiceTarget target;
    try {
      target = service.target();
    } catch (IllegalArgumentException e) {
      return service.fail(ExitCode.USAGE, e.getMessage());
    }
    ConfigurationsClient client = target.configurations();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    String last = null;
    while (true) {
      List<RolloutStatus> rows;
      try {
        rows = id == null
            ? client.get(100).stream().map(RolloutStatus::of).toList()
            : List.of(RolloutStatus.of(client.get(id)));
      } catch (IotHubException | IOException e) {
        return service.fail(ExitCode.NOT_CONVERGED, target.endpoint() + ": " + e.getMessage());
      }
      String table = RolloutStatus.table(rows);
      boolean complete = rows.stream().allMatch(RolloutStatus::isComplete);
      if (!await) {
        out.print(table);
        out.flush();
        return ExitCode.OK;
      }
      if (!table.equals(last)) {
        out.print(table);
        out.println(complete ? "rollout complete" : "waiting for the rollout...");
        out.flush();
        last = table;
      }
      if (complete && !rows.isEmpty()) {
        return ExitCode.OK;
      }
      if (System.nanoTime() > deadline) {
        return service.fail(ExitCode.NOT_CONVERGED, "not complete after " + timeoutSeconds + " s");
      }
      Thread.sleep(intervalMillis);
    }
  }
}
