package dev.converge.engine.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.EngineFixture;
import dev.converge.engine.actual.NodeCache;
import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.desired.DesiredState;
import dev.converge.engine.desired.GroupMeta;
import dev.converge.engine.diff.Binder;
import dev.converge.engine.diff.Binding;
import dev.converge.engine.diff.Differ;
import dev.converge.engine.journal.JournalEntry;
import dev.converge.engine.journal.JournalRecorder;
import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.plan.GroupPlan;
import dev.converge.engine.plan.Planner;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.FakeNodeAdapter;
import dev.converge.engine.port.InMemoryJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutorTest {

  private final FakeClock clock = new FakeClock();
  private final FakeNodeAdapter device = new FakeNodeAdapter("fake");
  private final NodeCache cache = new NodeCache(clock, 1000);
  private final InMemoryJournal journal = new InMemoryJournal();
  private final JournalRecorder recorder = JournalRecorder.open(journal, clock);
  private final Executor executor = new Executor(cache, recorder);
  private final CapabilityDefinition items = EngineFixture.load(List.of("items"), new ArrayList<>()).get(0);
  private final Executor.Target target = new Executor.Target("fake", device, Duration.ofMinutes(1));

  private GroupPlan plan(String desiredJson) {
    DesiredState state = new DesiredState("items", 1, GroupMeta.defaults(),
        (NodeValue.Obj) NodeValue.parse(desiredJson));
    Binding binding = Binder.bind(items, state);
    return Planner.plan(Differ.diff(binding, cache.read("fake", device, binding.nodes(), Duration.ofMinutes(1), false)),
        p -> true);
  }

  private ApplyResult apply(GroupPlan plan) {
    return executor.apply(plan, target, new Executor.Context(7, "dep-1"));
  }

  private List<JournalEntry> entries() {
    return journal.records().stream().map(JournalEntry::parse).toList();
  }

  @Test
  void a_failed_change_rolls_back_its_sub_group_and_siblings_still_apply() {
    device.item("./Items/a").set("./Items/a/color", NodeValue.of("red")).set("./Items/a/size", NodeValue.of(1));
    device.failWrites("./Items/a/size", "disk full");

    ApplyResult result = apply(plan("{\"a\": {\"color\": \"blue\", \"size\": 2}, \"b\": {\"color\": \"green\"}}"));

    SubGroupResult a = result.subGroups().get(0);
    assertThat(a.changes()).extracting(ChangeResult::kind)
        .containsExactly(ChangeResult.Kind.ROLLED_BACK, ChangeResult.Kind.FAILED);
    assertThat(device.value("./Items/a/color")).isEqualTo(NodeValue.of("red"));
    assertThat(a.errors()).singleElement().satisfies(e -> {
      assertThat(e.property()).isEqualTo("a/size");
      assertThat(e.error().code()).isEqualTo(ErrorCode.ADAPTER_FAILED);
      assertThat(e.error().parameters()).containsEntry("node", "./Items/a/size").containsEntry("value", "2");
    });
    assertThat(result.subGroups().get(1).isSuccess()).isTrue();
    assertThat(device.value("./Items/b/color")).isEqualTo(NodeValue.of("green"));
  }

  @Test
  void every_write_and_rollback_is_journaled_intent_first() {
    device.item("./Items/a").set("./Items/a/color", NodeValue.of("red")).set("./Items/a/size", NodeValue.of(1));
    device.rejectWrites("./Items/a/size", "read-only");

    apply(plan("{\"a\": {\"color\": \"blue\", \"size\": 2}}"));

    assertThat(entries()).extracting(e -> e.kind() + " " + e.operation() + " " + e.result())
        .containsExactly("INTENT replace null", "OUTCOME replace applied", "INTENT replace null",
            "OUTCOME replace failed", "INTENT replace null", "OUTCOME replace rolledBack");
    assertThat(entries()).allSatisfy(e -> {
      assertThat(e.desiredVersion()).isEqualTo(7);
      assertThat(e.deploymentId()).isEqualTo("dep-1");
    });
    assertThat(recorder.openIntents()).isEmpty();
  }

  @Test
  void a_node_that_already_matches_when_re_read_is_not_written() {
    GroupPlan plan = plan("{\"a\": {\"color\": \"blue\"}}");
    device.item("./Items/a").set("./Items/a/color", NodeValue.of("blue")); // someone else got there first

    ApplyResult result = apply(plan);

    assertThat(result.writes()).isZero();
    assertThat(device.writes()).isEmpty();
    assertThat(journal.records()).isEmpty();
  }

  @Test
  void a_new_item_is_created_with_one_add_and_verified_by_reading_back() {
    ApplyResult result = apply(plan("{\"c\": {\"color\": \"green\", \"size\": 4}}"));

    assertThat(device.writes()).singleElement().satisfies(w -> {
      assertThat(w.operation()).isEqualTo("add");
      assertThat(w.node().value()).isEqualTo("./Items/c");
    });
    assertThat(result.isSuccess()).isTrue();
    assertThat(device.value("./Items/c/size")).isEqualTo(NodeValue.of(4));
  }

  @Test
  void an_item_desired_absent_is_deleted_with_its_value_journaled_as_before() {
    device.item("./Items/a").set("./Items/a/color", NodeValue.of("red"));

    apply(plan("{\"a\": {\"state\": \"absent\"}}"));

    assertThat(device.value("./Items/a").isAbsent()).isTrue();
    assertThat(entries().get(0).operation()).isEqualTo("delete");
    assertThat(entries().get(0).before()).isEqualTo(NodeValue.object("color", NodeValue.of("red")));
  }
}
