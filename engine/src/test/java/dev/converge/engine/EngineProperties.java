package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import dev.converge.engine.report.TwinLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the whole loop, for random desired and actual states. */
class EngineProperties {

  /** A device state and a desired document over the settings and items capabilities. */
  record Case(Map<String, NodeValue> device, NodeValue.Obj desired) {}

  @Property(tries = 150)
  void after_applying_the_plan_the_device_is_in_the_desired_state_and_a_second_plan_is_empty(
      @ForAll("cases") Case c) {
    EngineFixture f = given(c);

    NodeValue.Obj reported = f.converge(c.desired().toJsonText());

    assertThat(f.engine().plan().changes()).as("plan after apply").isEmpty();
    assertThat(f.engine().summary().failed()).isEmpty();
    c.desired().object("items").ifPresent(items -> items.fields().forEach((key, item) -> {
      NodeValue.Obj i = (NodeValue.Obj) item;
      if (i.text("state").orElse("present").equals("absent")) {
        assertThat(f.device.value("./Items/" + key).isAbsent()).as("item %s deleted", key).isTrue();
      } else {
        i.fields().forEach((p, v) -> {
          if (!p.equals("state")) {
            assertThat(f.device.value("./Items/" + key + "/" + p)).as("%s/%s", key, p).isEqualTo(v);
          }
        });
      }
    }));
    assertThat(TwinLimits.isWithinLimits(reported)).isTrue();
  }

  @Property(tries = 100)
  void reconciling_again_writes_nothing(@ForAll("cases") Case c) {
    EngineFixture f = given(c);
    f.converge(c.desired().toJsonText());
    f.device.clearCalls();
    int patches = f.twin.reportedPatches().size();

    f.engine().recheckAll();
    f.engine().runUntilIdle();

    assertThat(f.device.writes()).isEmpty();
    assertThat(f.twin.reportedPatches()).hasSize(patches);
  }

  @Property(tries = 100)
  void an_invalid_group_never_reaches_the_adapter(@ForAll("cases") Case c,
      @ForAll("badSizes") int badSize) {
    EngineFixture f = given(c);
    Map<String, NodeValue> items = new LinkedHashMap<>(c.desired().object("items").orElseThrow().fields());
    items.put("zzz", NodeValue.object("size", NodeValue.of(badSize)));
    NodeValue.Obj desired = c.desired().with("items", NodeValue.object(items));

    NodeValue.Obj reported = f.converge(desired.toJsonText());

    assertThat(f.device.writes()).noneMatch(w -> w.node().value().startsWith("./Items"));
    assertThat(((NodeValue.Obj) reported.get("items")).object("__meta").orElseThrow().text("deploymentStatus"))
        .contains("failed");
  }

  private static EngineFixture given(Case c) {
    EngineFixture f = new EngineFixture();
    c.device().forEach((path, value) -> {
      f.device.set(path, value);
      if (path.matches("\\./Items/[a-e]/.*")) {
        f.device.item(path.substring(0, "./Items/x".length()));
      }
    });
    return f;
  }

  @Provide
  Arbitrary<Integer> badSizes() {
    return Arbitraries.oneOf(Arbitraries.integers().between(11, 1000), Arbitraries.integers().between(-50, 0));
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e");
    Arbitrary<NodeValue> colors = Arbitraries.of("red", "green", "blue").map(NodeValue::of);
    Arbitrary<NodeValue> sizes = Arbitraries.integers().between(1, 10).map(i -> NodeValue.of(i));
    Arbitrary<NodeValue.Obj> item = Combinators.combine(Arbitraries.of("present", "absent", "unset"),
        colors.injectNull(0.3), sizes.injectNull(0.3)).as((state, color, size) -> {
          Map<String, NodeValue> f = new LinkedHashMap<>();
          if (state.equals("absent")) {
            f.put("state", NodeValue.of("absent"));
            return NodeValue.object(f);
          }
          if (state.equals("present")) {
            f.put("state", NodeValue.of("present"));
          }
          if (color != null) {
            f.put("color", color);
          }
          if (size != null) {
            f.put("size", size);
          }
          return NodeValue.object(f);
        });
    Arbitrary<Map<String, NodeValue.Obj>> items = Arbitraries.maps(keys, item).ofMaxSize(4);
    Arbitrary<String> zones = Arbitraries.of("UTC", "Europe/Berlin", "America/New_York");
    Arbitrary<NodeValue.Obj> desired = Combinators.combine(items, zones.injectNull(0.3),
        Arbitraries.of("pool.ntp.org", "TIME.example").injectNull(0.3)).as((it, zone, ntp) -> {
          Map<String, NodeValue> settings = new LinkedHashMap<>();
          if (zone != null) {
            settings.put("timeZone", NodeValue.of(zone));
          }
          if (ntp != null) {
            settings.put("ntpServer", NodeValue.of(ntp));
          }
          Map<String, NodeValue> doc = new LinkedHashMap<>();
          doc.put("settings", NodeValue.object(settings));
          doc.put("items", NodeValue.object(new LinkedHashMap<>(it)));
          return NodeValue.object(doc);
        });
    Arbitrary<Map<String, NodeValue>> device = Arbitraries.maps(
        Arbitraries.of("./Device/Time/TimeZone", "./Device/Time/NtpServer", "./Items/a/color", "./Items/b/color",
            "./Items/b/size", "./Items/c/size", "./Items/e/color"),
        Arbitraries.oneOf(colors, sizes, zones.map(NodeValue::of), Arbitraries.just(NodeValue.of("time.example"))))
        .ofMaxSize(7);
    return Combinators.combine(device, desired).as(Case::new);
  }
}
