package dev.converge.emulator.adm;

import static dev.converge.emulator.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.testing.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random fleets and random, overlapping configurations: the evaluation converges in one step (applying it and
 * evaluating again asks for nothing and counts the same), and does not depend on the order configurations are given
 * in.
 */
class ConfigurationEvaluatorProperties {

  private static final List<String> TARGETS = List.of("*", "", "tags.ring='a'", "tags.ring='b'",
      "tags.ring != 'a'", "properties.reported.os='linux'", "NOT IS_DEFINED(tags.ring)",
      "tags.level >= 2 OR properties.reported.os = 'windows'");
  private static final List<String> PATHS = List.of("properties.desired", "properties.desired.fan",
      "properties.desired.fan.speed", "properties.desired.fan.mode", "properties.desired.log",
      "properties.desired.log.level", "properties.desired.x");
  private static final List<String> VALUES = List.of("1", "2.5", "'eco'", "true", "null", "{'speed':1}",
      "{'mode':'eco','speed':null}", "{'level':'debug'}", "[1,'a']", "{}", "{'fan':{'speed':7},'x':1}");

  record Spec(int priority, String target, Map<String, String> content, long gapSeconds) {}

  @Property(tries = 300)
  void applying_an_evaluation_and_evaluating_again_asks_for_nothing(
      @ForAll("fleets") List<ObjectNode> devices, @ForAll("specs") List<Spec> specs) {
    List<Configuration> configurations = store(specs).list();

    Evaluation first = ConfigurationEvaluator.evaluate(devices, List.of(), configurations);
    List<ObjectNode> after = Hub.apply(devices, first);
    Evaluation second = ConfigurationEvaluator.evaluate(after, List.of(), configurations);

    Statistics.label("patched twins").collect(first.changes().stream().filter(t -> t.desiredPatch().isPresent())
        .count() > 0 ? "some" : "none");
    assertThat(second.changes()).isEmpty();
    assertThat(second.configurations()).isEqualTo(first.configurations());
    for (ConfigurationCounts c : first.configurations()) {
      assertThat(c.appliedCount()).isBetween(0L, c.targetedCount());
    }
    Statistics.label("patched twins").coverage(cov -> cov.check("some").percentage(p -> p > 50));
  }

  @Property(tries = 200)
  void the_order_configurations_are_given_in_does_not_matter(
      @ForAll("fleets") List<ObjectNode> devices, @ForAll("specs") List<Spec> specs, @ForAll long seed) {
    List<Configuration> configurations = store(specs).list();
    List<Configuration> shuffled = new ArrayList<>(configurations);
    Collections.shuffle(shuffled, new Random(seed));

    Evaluation inOrder = ConfigurationEvaluator.evaluate(devices, List.of(), configurations);
    Evaluation reordered = ConfigurationEvaluator.evaluate(devices, List.of(), shuffled);

    assertThat(reordered.twins()).isEqualTo(inOrder.twins());
  }

  private static ConfigurationStore store(List<Spec> specs) {
    FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    ConfigurationStore store = new ConfigurationStore(clock);
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      clock.advance(Duration.ofSeconds(s.gapSeconds()));
      Map<String, JsonNode> content = new LinkedHashMap<>();
      s.content().forEach((path, value) -> {
        JsonNode v = Json.json("{'v':" + value + "}").get("v");
        if (!path.equals("properties.desired") || v.isObject()) {
          content.put(path, v);
        }
      });
      store.create(Configuration.of("c" + i, ConfigurationContent.ofDevice(content), s.target(), s.priority(),
          Map.of(), Map.of("applied", "SELECT deviceId FROM devices WHERE configurations.[[c" + i
              + "]].status = 'applied'", "fast", "SELECT deviceId FROM devices WHERE properties.desired.fan.speed > 1")));
    }
    return store;
  }

  @Provide
  Arbitrary<List<Spec>> specs() {
    Arbitrary<Map<String, String>> content = Arbitraries.maps(Arbitraries.of(PATHS), Arbitraries.of(VALUES))
        .ofMaxSize(3);
    // Few priorities and often no time between creations, so ties (settled by creation time, then id) are common.
    return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(TARGETS), content,
        Arbitraries.of(0L, 0L, 1L)).as(Spec::new).list().ofMinSize(1).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<ObjectNode>> fleets() {
    Arbitrary<ObjectNode> twin = Combinators.combine(
        Arbitraries.of("{}", "{'ring':'a'}", "{'ring':'b','level':3}", "{'level':1}"),
        Arbitraries.of("{}", "{'os':'linux'}", "{'os':'windows'}"),
        Arbitraries.of("{'$version':1}", "{'fan':{'speed':1,'extra':true},'$version':4}", "{'fan':'off','x':2}",
            "{'log':{'level':'info'},'other':[1]}"),
        Arbitraries.of("", ",'configurations':{'c0':{'status':'applied'},'gone':{'status':'targeted'}}"))
        .as((tags, reported, desired, sections) -> object("{'tags':" + tags + ",'properties':{'desired':" + desired
            + ",'reported':" + reported + "}" + sections + "}"));
    return twin.list().ofMinSize(1).ofMaxSize(6).map(twins -> {
      for (int i = 0; i < twins.size(); i++) {
        twins.get(i).put("deviceId", "d" + i);
      }
      return twins;
    });
  }
}
