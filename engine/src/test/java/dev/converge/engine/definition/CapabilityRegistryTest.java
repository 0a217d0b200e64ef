package dev.converge.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.EngineFixture;
import dev.converge.engine.model.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityRegistryTest {

  private static CapabilityDefinition def(String id, String adapter, String... deps) {
    CapabilityDefinition base = EngineFixture.load(List.of("base"), new ArrayList<>()).get(0);
    return new CapabilityDefinition(id, base.interfaceVersion(), "test " + id, List.of(), base.schemaName(),
        base.schema(), adapter, base.properties(), null, base.reported(), base.commands(), List.of(deps), base.drift(),
        id + ".yaml");
  }

  @Test
  void orders_capabilities_after_their_dependencies() {
    CapabilityRegistry r = CapabilityRegistry.of(List.of(def("c", "fake", "b"), def("b", "fake", "a"),
        def("a", "fake")), Set.of("fake"));

    assertThat(r.all()).extracting(Capability::id).containsExactly("a", "b", "c");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void an_unknown_adapter_makes_only_that_capability_unsupported() {
    CapabilityRegistry r = CapabilityRegistry.of(List.of(def("a", "fake"), def("b", "missing")), Set.of("fake"));

    assertThat(r.find("a").orElseThrow().isReady()).isTrue();
    Capability b = r.find("b").orElseThrow();
    assertThat(b.availability()).isEqualTo(Capability.Availability.UNSUPPORTED);
    assertThat(b.errors().get(0).message()).contains("adapter 'missing' is not installed");
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.source()).isEqualTo("b.yaml"));
  }

  @Test
  void a_duplicate_id_breaks_both_definitions_and_names_both_files() {
    CapabilityDefinition first = def("a", "fake");
    CapabilityDefinition second = new CapabilityDefinition("a", first.interfaceVersion(), "x", List.of(),
        first.schemaName(), first.schema(), "fake", first.properties(), null, first.reported(), first.commands(),
        List.of(), first.drift(), "other.yaml");

    CapabilityRegistry r = CapabilityRegistry.of(List.of(first, second, def("z", "fake")), Set.of("fake"));

    assertThat(r.find("a").orElseThrow().availability()).isEqualTo(Capability.Availability.BROKEN);
    assertThat(r.find("a").orElseThrow().errors().get(0).message()).contains("a.yaml").contains("other.yaml");
    assertThat(r.find("z").orElseThrow().isReady()).isTrue();
  }

  @Test
  void a_missing_dependency_breaks_the_capability_and_its_dependents_only() {
    CapabilityRegistry r = CapabilityRegistry.of(List.of(def("a", "fake", "ghost"), def("b", "fake", "a"),
        def("c", "fake")), Set.of("fake"));

    assertThat(r.find("a").orElseThrow().errors().get(0).code()).isEqualTo(ErrorCode.DEPENDENCY_MISSING);
    assertThat(r.find("b").orElseThrow().errors().get(0).code()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(r.find("c").orElseThrow().isReady()).isTrue();
  }

  @Test
  void a_cycle_breaks_the_capabilities_on_it_and_names_the_cycle() {
    CapabilityRegistry r = CapabilityRegistry.of(List.of(def("a", "fake", "b"), def("b", "fake", "a"),
        def("c", "fake")), Set.of("fake"));

    assertThat(r.find("a").orElseThrow().errors().get(0).message()).contains("a -> b -> a");
    assertThat(r.find("b").orElseThrow().availability()).isEqualTo(Capability.Availability.BROKEN);
    assertThat(r.find("c").orElseThrow().isReady()).isTrue();
    assertThat(r.all()).extracting(Capability::id).contains("a", "b", "c");
  }
}
