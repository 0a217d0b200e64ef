package dev.converge.agent.identity;

/** No identity could be obtained; the message names the source and what a person should check. */
public final class IdentityException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public IdentityException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public IdentityException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /** Whether trying again later may succeed (network, DPS busy), as opposed to a configuration fault. */
  public boolean isRetryable() {
    return retryable;
  }
}
