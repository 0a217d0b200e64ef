package dev.converge.agent.cli;

import dev.converge.agent.state.AgentState;
import dev.converge.agent.state.LocalState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --data DIR}: the agent's data folder, for the commands that read what the running agent saved. */
final class DataOption {

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "/var/lib/converge",
      description = "The agent's data folder (state.json, journal.jsonl). Default: ${DEFAULT-VALUE}.")
  Path folder;

  LocalState local() {
    return new LocalState(folder);
  }

  /** The saved state, or empty after printing why it cannot be had (missing, damaged) to {@code err}. */
  Optional<AgentState> read(PrintWriter err) {
    try {
      return Optional.of(local().require());
    } catch (LocalState.Unreadable e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }
}
