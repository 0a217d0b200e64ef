package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.FakeNodeAdapter;
import dev.converge.engine.port.InMemoryJournal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine does blocking channel calls only on the thread that drives it ({@code runUntilIdle}), never in a
 * channel callback, and tells that thread when to come back for a failed report.
 */
class DrivingThreadTest {

  private final FlakyTwinChannel channel = new FlakyTwinChannel();
  private final FakeClock clock = new FakeClock();
  private final FakeNodeAdapter device = new FakeNodeAdapter("fake");
  private final Engine engine = build();

  private Engine build() {
    List<DefinitionProblem> problems = new ArrayList<>();
    Engine e = Engine.builder()
        .capabilities(CapabilityRegistry.of(EngineFixture.load(List.of("settings"), problems), Set.of("fake")),
            problems)
        .adapter("fake", device)
        .channel(channel)
        .journal(new InMemoryJournal())
        .clock(clock)
        .build();
    e.start();
    e.runUntilIdle();
    return e;
  }

  private static NodeValue.Obj json(String text) {
    return (NodeValue.Obj) NodeValue.parse(text);
  }

  @Test
  void a_version_gap_seen_in_a_callback_is_fetched_by_the_next_run_not_by_the_callback() {
    int fetchesAtStart = channel.fullFetches;
    channel.twin.patchDesiredSilently(json("{\"settings\": {\"timeZone\": \"UTC\"}}"));

    channel.twin.patchDesired(json("{\"settings\": {\"ntpServer\": \"pool.ntp.org\"}}")); // the listener runs here

    assertThat(channel.fullFetches).as("fetches made inside the callback").isEqualTo(fetchesAtStart);
    assertThat(engine.nextWakeUp()).as("the driving thread is asked to come back now").hasValueSatisfying(
        t -> assertThat(t).isBeforeOrEqualTo(clock.now()));

    engine.runUntilIdle();

    assertThat(channel.fullFetches).isEqualTo(fetchesAtStart + 1);
    assertThat(engine.desired().version()).isEqualTo(channel.twin.desiredVersion());
    assertThat(device.value("./Device/Time/TimeZone")).isEqualTo(NodeValue.of("UTC"));
  }

  @Test
  void a_report_the_hub_did_not_take_is_resent_when_the_engine_asks_to_be_woken() {
    channel.failSend = true;
    channel.twin.patchDesired(json("{\"settings\": {\"timeZone\": \"UTC\"}}"));
    engine.runUntilIdle();
    int patches = channel.twin.reportedPatches().size();

    assertThat(engine.nextWakeUp()).hasValueSatisfying(
        t -> assertThat(t).isAfter(clock.now()).isBeforeOrEqualTo(clock.now().plus(Duration.ofSeconds(1))));

    channel.failSend = false;
    clock.advance(Duration.ofSeconds(1));
    engine.runUntilIdle();

    assertThat(channel.twin.reportedPatches()).hasSize(patches + 1);
    assertThat(channel.twin.reported().get("settings").toJson().path("timeZone").asText()).isEqualTo("UTC");
    assertThat(engine.nextWakeUp().filter(t -> !t.isAfter(clock.now().plus(Duration.ofSeconds(1))))).isEmpty();
  }

  @Test
  void after_a_reconnect_the_full_document_is_fetched_and_a_failed_fetch_is_tried_again_until_it_succeeds() {
    channel.twin.patchDesiredSilently(json("{\"settings\": {\"timeZone\": \"UTC\"}}")); // changed while away
    channel.failFetchDesired = true;

    engine.refetchDesired();
    engine.runUntilIdle();

    assertThat(device.value("./Device/Time/TimeZone").isAbsent()).as("not fetched yet").isTrue();
    assertThat(engine.nextWakeUp()).hasValueSatisfying(
        t -> assertThat(t).isBeforeOrEqualTo(clock.now().plus(Duration.ofSeconds(1))));

    channel.failFetchDesired = false;
    clock.advance(Duration.ofSeconds(1));
    engine.runUntilIdle();

    assertThat(device.value("./Device/Time/TimeZone")).isEqualTo(NodeValue.of("UTC"));
  }
}
