package dev.converge.engine.apply;

import dev.converge.engine.model.NodeValue;
import dev.converge.engine.plan.Change;
import java.util.Objects;

/**
 * What happened to one planned change.
 *
 * @param before the node's value read right before the write
 */
public record ChangeResult(Change change, Kind kind, NodeValue before) {

  /** The fate of one change (controller-runtime's {@code OperationResult}, for nodes). */
  public enum Kind {
    /** Written. */
    APPLIED,
    /** Not written: a re-read showed the node already matched. */
    UNCHANGED,
    /** The adapter refused or failed the write. */
    FAILED,
    /** Written, then undone because a later change of the same sub-group failed. */
    ROLLED_BACK,
    /** Written, and undoing it failed too: the sub-group is partly applied. */
    ROLLBACK_FAILED,
    /** Not attempted because an earlier change of the same sub-group failed. */
    SKIPPED
  }

  public ChangeResult {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(before, "before");
  }
}
