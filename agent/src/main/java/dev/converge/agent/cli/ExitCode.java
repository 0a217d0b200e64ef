package dev.converge.agent.cli;

/** The exit codes of every {@code converge} command. */
final class ExitCode {

  /** Done; for {@code apply}, every group succeeded; for {@code plan}, every group can be applied. */
  static final int OK = 0;
  /** Ran, but some group failed, is blocked, invalid or unsupported (details in the output). */
  static final int NOT_CONVERGED = 1;
  /** Bad input: a file that cannot be read or parsed, a bad option. Nothing was applied. */
  static final int USAGE = 2;

  private ExitCode() {}
}
