package dev.converge.engine.port;

import java.util.Map;
import java.util.Objects;

/**
 * All an adapter may touch: the root folder it acts under (never {@code /} directly), time, a command runner,
 * and its own settings from the agent configuration.
 *
 * @param root the folder every device path is resolved under, as an absolute path string
 */
public record AdapterContext(String root, Clock clock, CommandRunner commands, Map<String, String> settings) {
  public AdapterContext {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(commands, "commands");
    settings = Map.copyOf(settings);
  }
}
