package dev.converge.agent.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code converge journal}: commands on the agent's audit journal; alone, it prints its usage. */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Work with the agent's audit journal (JSON lines, hash-chained; see docs/audit.md).",
    subcommands = {JournalVerifyCommand.class})
final class JournalCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
