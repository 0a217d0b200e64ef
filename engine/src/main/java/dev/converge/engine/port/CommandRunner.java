package dev.converge.engine.port;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Runs an operating-system command for an adapter. Adapters never start processes themselves, so tests hand
 * them a recording runner and production hands them one that runs real commands with a timeout.
 */
@FunctionalInterface
public interface CommandRunner {

  /** The outcome of a command; {@code exitCode} is -1 when it could not start or timed out. */
  record Result(int exitCode, String stdout, String stderr) {
    public Result {
      Objects.requireNonNull(stdout, "stdout");
      Objects.requireNonNull(stderr, "stderr");
    }

    public boolean isSuccess() {
      return exitCode == 0;
    }
  }

  Result run(List<String> command, Duration timeout);
}
