package dev.converge.engine.actual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.FakeNodeAdapter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCacheTest {

  private final FakeClock clock = new FakeClock();
  private final NodeCache cache = new NodeCache(clock, 1000);
  private final FakeNodeAdapter adapter = new FakeNodeAdapter("fake");
  private final NodePath tz = NodePath.of("./Device/Time/TimeZone");

  private long reads() {
    return adapter.calls().stream().filter(c -> c.operation().equals("get")).count();
  }

  @Test
  void a_read_is_served_from_cache_until_its_time_to_live_passes() {
    adapter.set(tz.value(), NodeValue.of("UTC"));
    cache.read("fake", adapter, List.of(tz), Duration.ofMinutes(1), false);
    cache.read("fake", adapter, List.of(tz), Duration.ofMinutes(1), false);
    assertThat(reads()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    ActualState again = cache.read("fake", adapter, List.of(tz), Duration.ofMinutes(1), false);

    assertThat(reads()).isEqualTo(2);
    assertThat(again.value(tz)).isEqualTo(NodeValue.of("UTC"));
  }

  @Test
  void a_fresh_read_bypasses_the_cache() {
    cache.read("fake", adapter, List.of(tz), Duration.ofMinutes(1), false);
    cache.read("fake", adapter, List.of(tz), Duration.ofMinutes(1), true);

    assertThat(reads()).isEqualTo(2);
  }

  @Test
  void a_write_invalidates_the_node_its_ancestors_and_descendants() {
    NodePath item = NodePath.of("./Items/a");
    NodePath color = NodePath.of("./Items/a/color");
    NodePath other = NodePath.of("./Items/b/color");
    cache.read("fake", adapter, List.of(item, color, other), Duration.ofMinutes(1), false);

    cache.invalidate("fake", color);
    adapter.clearCalls();
    cache.read("fake", adapter, List.of(item, color, other), Duration.ofMinutes(1), false);

    assertThat(adapter.calls()).extracting(c -> c.node().value()).containsExactlyInAnyOrder("./Items/a",
        "./Items/a/color");
  }

  @Test
  void failed_reads_are_not_cached() {
    adapter.failReads(tz.value(), "busy");
    assertThat(cache.read("fake", adapter, List.of(tz), Duration.ofMinutes(1), false).isUnknown(tz)).isTrue();

    adapter.heal().set(tz.value(), NodeValue.of("UTC"));

    assertThat(cache.read("fake", adapter, List.of(tz), Duration.ofMinutes(1), false).value(tz))
        .isEqualTo(NodeValue.of("UTC"));
  }
}
