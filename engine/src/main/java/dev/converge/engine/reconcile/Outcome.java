package dev.converge.engine.reconcile;

import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.ReportedError;
import java.time.Duration;
import java.util.Objects;

/**
 * What a reconcile run asks of the loop, as controller-runtime's {@code Result}: a closed set with no flags. Only
 * {@code ReconcileLoop} dispatches on it.
 */
public sealed interface Outcome
    permits Outcome.Converged, Outcome.RequeueAfter, Outcome.Retry, Outcome.Failed, Outcome.Blocked {

  /** Done: forget the key; the next drift scan or desired change re-checks it. */
  record Converged() implements Outcome {}

  /** Look again after a fixed delay (e.g. waiting for a reboot). */
  record RequeueAfter(Duration delay) implements Outcome {
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
    }
  }

  /** A transient failure: retry with rate-limited backoff, within the retry budget. */
  record Retry(ReportedError cause) implements Outcome {
    public Retry {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** A terminal failure: not retried until the group's desired state changes (or a drift scan looks again). */
  record Failed(ReportedError cause) implements Outcome {
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /** Waiting for a dependency: queued again after the dependency is next reconciled. */
  record Blocked(GroupKey dependency) implements Outcome {
    public Blocked {
      Objects.requireNonNull(dependency, "dependency");
    }
  }

  static Outcome converged() {
    return new Converged();
  }
}
