package dev.converge.engine.model;

/** The {@code __meta.deploymentStatus} of a group, as reported in the twin (DESIGN.md, "Twin conventions"). */
public enum DeploymentStatus {
  /** Received, not yet applied. */
  PENDING("pending"),
  SUCCEEDED("succeeded"),
  FAILED("failed"),
  /** Not applied because a group it depends on failed, is blocked, or its capability is missing. */
  BLOCKED("blocked"),
  /** Actual state differs from desired and the drift policy is {@code report}: left alone. */
  DRIFTED("drifted"),
  /** No capability on this device owns the group. */
  UNSUPPORTED("unsupported"),
  /** The group was removed from desired: the device keeps its state and no longer manages it. */
  UNMANAGED("unmanaged");

  private final String wireName;

  DeploymentStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Counted in {@code __summary.failedCount}. */
  public boolean countsAsFailed() {
    return this == FAILED;
  }

  /** Whether dependents of a group in this state may be applied. */
  public boolean satisfiesDependents() {
    return this == SUCCEEDED || this == DRIFTED || this == UNMANAGED;
  }
}
