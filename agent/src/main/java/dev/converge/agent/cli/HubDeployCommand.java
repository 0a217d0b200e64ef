package dev.converge.agent.cli;

import com.microsoft.azure.sdk.iot.service.configurations.Configuration;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import dev.converge.agent.operator.ConfigurationFile;
import dev.converge.agent.operator.ServiceTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code converge hub deploy FILE}: creates an ADM configuration. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = {"Create an Automatic Device Management configuration from a JSON file in IoT Hub's format",
        "(id, content.deviceContent, targetCondition, priority, labels, metrics.queries).",
        "Content is immutable in IoT Hub: to change it, deploy a new id with a higher priority."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:created", "1:the hub refused it (message printed)", "2:bad file or option"})
final class HubDeployCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The configuration (JSON).")
  Path file;

  @Mixin ServiceOptions service;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Configuration configuration;
    ServiceTarget target;
    try {
      configuration = ConfigurationFile.read(file);
      target = service.target();
    } catch (IllegalArgumentException e) {
      return service.fail(ExitCode.USAGE, e.getMessage());
    }
    try {
      Configuration created = target.configurations().create(configuration);
      out.printf("Created configuration %s (priority %d, target %s) on %s.%n", created.getId(),
          created.getPriority(), created.getTargetCondition(), target.endpoint());
      out.printf("Follow it with: converge hub status %s --wait%n", created.getId());
      out.flush();
      return ExitCode.OK;
    } catch (IotHubException | IOException e) {
      return service.fail(ExitCode.NOT_CONVERGED,
          target.endpoint() + " refused configuration '" + configuration.getId() + "': " + e.getMessage());
    }
  }
}
