package dev.converge.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.ReportedError;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.queue.Backoff;
import dev.converge.engine.queue.Trigger;
import dev.converge.engine.queue.WorkQueue;
import dev.converge.engine.reconcile.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {

  private final FakeClock clock = new FakeClock();
  private final WorkQueue queue = new WorkQueue(clock, k -> Set.of(), k -> 0);
  private final Map<GroupKey, List<Outcome>> script = new HashMap<>();
  private final List<GroupKey> runs = new ArrayList<>();
  private final ReconcileLoop loop = new ReconcileLoop(queue, key -> {
    runs.add(key);
    List<Outcome> outcomes = script.get(key);
    if (outcomes == null || outcomes.isEmpty()) {
      return Outcome.converged();
    }
    Outcome o = outcomes.remove(0);
    if (o == null) {
      throw new IllegalStateException("boom");
    }
    return o;
  }, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), 2, new Random(3)));

  private static final ReportedError CAUSE = ReportedError.of(ErrorCode.ADAPTER_FAILED, "replace", "busy");
  private final GroupKey a = GroupKey.of("a");

  private void given(GroupKey key, Outcome... outcomes) {
    script.put(key, new ArrayList<>(java.util.Arrays.asList(outcomes)));
  }

  @Test
  void a_retry_is_requeued_after_backoff_and_not_before() {
    given(a, new Outcome.Retry(CAUSE));
    queue.add(a, Trigger.DESIRED_CHANGE);

    loop.runUntilIdle();
    assertThat(runs).containsExactly(a);
    assertThat(loop.failures(a)).isEqualTo(1);

    clock.advance(Duration.ofMillis(400));
    loop.runUntilIdle();
    assertThat(runs).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    loop.runUntilIdle();
    assertThat(runs).hasSize(2);
    assertThat(loop.failures(a)).as("converged resets the count").isZero();
  }

  @Test
  void retries_stop_when_the_budget_is_spent() {
    given(a, new Outcome.Retry(CAUSE), new Outcome.Retry(CAUSE), new Outcome.Retry(CAUSE), new Outcome.Retry(CAUSE));
    queue.add(a, Trigger.DESIRED_CHANGE);

    for (int i = 0; i < 10; i++) {
      loop.runUntilIdle();
      clock.advance(Duration.ofSeconds(20));
    }

    assertThat(runs).hasSize(3);
    assertThat(queue.nextDue()).isEmpty();
  }

  @Test
  void a_failed_outcome_is_not_retried() {
    given(a, new Outcome.Failed(CAUSE));
    queue.add(a, Trigger.DESIRED_CHANGE);

    loop.runUntilIdle();
    clock.advance(Duration.ofMinutes(10));
    loop.runUntilIdle();

    assertThat(runs).containsExactly(a);
  }

  @Test
  void requeue_after_waits_exactly_that_long() {
    given(a, new Outcome.RequeueAfter(Duration.ofSeconds(30)));
    queue.add(a, Trigger.DESIRED_CHANGE);
    loop.runUntilIdle();

    clock.advance(Duration.ofSeconds(29));
    loop.runUntilIdle();
    assertThat(runs).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    loop.runUntilIdle();
    assertThat(runs).hasSize(2);
  }

  @Test
  void a_blocked_key_runs_again_after_its_dependency_is_reconciled() {
    GroupKey dep = GroupKey.of("dep");
    given(a, new Outcome.Blocked(dep));
    queue.add(a, Trigger.DESIRED_CHANGE);
    loop.runUntilIdle();
    assertThat(runs).containsExactly(a);

    queue.add(dep, Trigger.DESIRED_CHANGE);
    loop.runUntilIdle();

    assertThat(runs).containsExactly(a, dep, a);
  }

  @Test
  void an_exception_is_counted_and_retried_like_a_transient_failure() {
    given(a, (Outcome) null);
    queue.add(a, Trigger.DESIRED_CHANGE);

    loop.runUntilIdle();
    clock.advance(Duration.ofSeconds(2));
    loop.runUntilIdle();

    assertThat(loop.panics()).isEqualTo(1);
    assertThat(runs).hasSize(2);
  }
}
