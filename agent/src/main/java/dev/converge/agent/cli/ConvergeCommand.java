package dev.converge.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code converge}: the device agent's command line. */
@Command(name = "converge", mixinStandardHelpOptions = true, version = "converge 0.1.0",
    description = "Keeps a device equal to the desired state in its Azure IoT Hub twin, and reports where it is not.",
    subcommands = {RunCommand.class, DemoCommand.class, PlanCommand.class, ApplyCommand.class, StatusCommand.class,
        DriftCommand.class, JournalCommand.class, ValidateCommand.class, DocsCommand.class, HubCommand.class})
public final class ConvergeCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own writers. */
  public static CommandLine commandLine() {
    return new CommandLine(new ConvergeCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
