package dev.converge.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.GroupKey;
import dev.converge.engine.port.FakeClock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  private final FakeClock clock = new FakeClock();
  private final GroupKey a = GroupKey.of("a");
  private final GroupKey b = GroupKey.of("b");
  private final GroupKey c = GroupKey.of("c");
  // b depends on a; rank follows dependency order a, b, c.
  private final WorkQueue queue = new WorkQueue(clock,
      k -> k.equals(b) ? Set.of(a) : Set.of(), k -> Map.of("a", 0, "b", 1, "c", 2).get(k.group()));

  @Test
  void a_key_is_queued_once_however_often_it_is_added() {
    queue.add(a, Trigger.DESIRED_CHANGE);
    queue.add(a, Trigger.DRIFT_SCAN);

    assertThat(queue.next()).map(WorkQueue.Next::key).contains(a);
    assertThat(queue.next()).isEmpty();
  }

  @Test
  void a_key_added_while_in_flight_runs_again_after_it_is_done() {
    queue.add(a, Trigger.DESIRED_CHANGE);
    GroupKey first = queue.next().orElseThrow().key();
    queue.add(a, Trigger.DESIRED_CHANGE);

    assertThat(queue.next()).as("never on two workers").isEmpty();
    queue.done(first);
    assertThat(queue.next()).map(WorkQueue.Next::key).contains(a);
  }

  @Test
  void a_key_waits_while_its_dependency_is_queued_or_in_flight() {
    queue.add(b, Trigger.DESIRED_CHANGE);
    queue.add(a, Trigger.DESIRED_CHANGE);
    queue.add(c, Trigger.DESIRED_CHANGE);

    GroupKey first = queue.next().orElseThrow().key();
    GroupKey second = queue.next().orElseThrow().key();
    assertThat(first).isEqualTo(a);
    assertThat(second).as("b waits for a in flight").isEqualTo(c);
    assertThat(queue.next()).isEmpty();
    queue.done(a);
    assertThat(queue.next()).map(WorkQueue.Next::key).contains(b);
  }

  @Test
  void delayed_keys_become_ready_when_the_clock_reaches_them() {
    queue.addAfter(a, Duration.ofSeconds(10), Trigger.RETRY);

    assertThat(queue.next()).isEmpty();
    assertThat(queue.nextDue()).contains(clock.now().plusSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(queue.next()).map(WorkQueue.Next::trigger).contains(Trigger.RETRY);
  }

  @Test
  void an_immediate_add_supersedes_a_delayed_one() {
    queue.addAfter(a, Duration.ofMinutes(5), Trigger.RETRY);
    queue.add(a, Trigger.DESIRED_CHANGE);
    queue.done(queue.next().orElseThrow().key());

    clock.advance(Duration.ofMinutes(5));
    assertThat(queue.next()).isEmpty();
    assertThat(queue.isIdle()).isTrue();
  }

  @Test
  void a_dependency_cycle_among_ready_keys_does_not_stall_the_queue() {
    WorkQueue cyclic = new WorkQueue(clock, k -> k.equals(a) ? Set.of(b) : Set.of(a), k -> 0);
    cyclic.add(a, Trigger.DESIRED_CHANGE);
    cyclic.add(b, Trigger.DESIRED_CHANGE);

    assertThat(cyclic.next()).isPresent();
  }
}
