package dev.converge.agent.identity;

/**
 * Where the agent's identity comes from: a connection string, DPS, and (later) a TPM slot. The daemon asks again
 * after a connection is refused for bad credentials, so a source may re-provision.
 */
public interface IdentitySource {

  /**
   * The identity to connect with.
   *
   * @throws IdentityException when no identity can be obtained now; the message says why and what to check
   */
  HubIdentity obtain() throws IdentityException;

  /** Called after the hub refused the identity, so the next {@link #obtain()} may provision anew. */
  default void invalidate() {}

  /** What this source is, for logs ("connection string", "DPS 0ne00000001 / dev-1"). */
  String describe();
}
