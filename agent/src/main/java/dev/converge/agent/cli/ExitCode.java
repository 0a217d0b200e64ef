package dev.converge.agent.cli;

/** The exit codes of every {@code converge} command. */
final class ExitCode {

  /** Done; for {@code apply}, every group succeeded; for {@code plan}, every group can be applied. */
  static final int OK = 0;
  /**
   * Ran, but the device is not where it should be: some group failed, is blocked, invalid, unsupported (or, for
   * {@code status}, pending or drifted); for {@code drift}, drift exists; for {@code journal verify}, the hash
   * chain is broken. Details in the output.
   */
  static final int NOT_CONVERGED = 1;
  /** Bad input: a file that cannot be read or parsed, a bad option. Nothing was applied. */
  static final int USAGE = 2;
  /** {@code run}: a thread of the agent died of an error; the process exits so its supervisor restarts it. */
  static final int INTERNAL = 70;

  private ExitCode() {}
}
