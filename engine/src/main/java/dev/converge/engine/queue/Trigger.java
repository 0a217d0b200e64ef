package dev.converge.engine.queue;

/** Why a group was enqueued; logged and counted, never seen by the reconciler (it must not branch on it). */
public enum Trigger {
  DESIRED_CHANGE,
  DRIFT_SCAN,
  RECONNECT,
  COMMAND,
  RETRY,
  DEPENDENCY_CONVERGED,
  STARTUP
}
