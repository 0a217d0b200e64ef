package dev.converge.engine.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.EngineFixture;
import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionLoader;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.FakeNodeAdapter;
import dev.converge.engine.port.TwinChannel.CommandRequest;
import dev.converge.engine.port.TwinChannel.CommandResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing conflicts between definitions; the engine-level behaviour is in {@code CommandsTest}. */
class CommandDispatcherTest {

  private final FakeNodeAdapter device = new FakeNodeAdapter("fake");
  private final List<String> ran = new ArrayList<>();
  private int cleared;

  private static CapabilityDefinition definition(String source, String id, String commands) {
    DefinitionLoader.Result r = DefinitionLoader.create((s, name) -> EngineFixture.resource(name)).load(source, """
        id: %s
        interfaceVersion: 1.0.0
        description: test
        schema: tools.schema.json
        adapter: fake
        commands:
        %s
        """.formatted(id, commands.indent(2)));
    assertThat(r.problems()).isEmpty();
    return r.definition();
  }

  private CommandDispatcher dispatcher(CapabilityDefinition... definitions) {
    CapabilityRegistry registry = CapabilityRegistry.of(List.of(definitions), Set.of("fake"));
    return new CommandDispatcher(registry, id -> Optional.of(device), () -> cleared++, ran::add);
  }

  private static String text(NodeValue doc, String... path) {
    NodeValue v = doc;
    for (String p : path) {
      v = v instanceof NodeValue.Obj o ? o.get(p) : NodeValue.absent();
    }
    return v.display();
  }

  @Test
  void a_method_declared_by_two_capabilities_runs_neither_and_is_a_definition_problem() {
    CommandDispatcher d = dispatcher(definition("a.yaml", "alpha", "PingCmd: { node: ./A/Ping }"),
        definition("b.yaml", "beta", "PingCmd: { node: ./B/Ping }"));

    CommandResponse r = d.dispatch(new CommandRequest("PingCmd", NodeValue.Obj.empty()));

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "code")).isEqualTo("1031");
    assertThat(text(r.payload(), "message")).contains("alpha (a.yaml) and beta (b.yaml)");
    assertThat(device.calls()).isEmpty();
    assertThat(d.problems()).hasSize(2).allSatisfy(p -> assertThat(p.field()).isEqualTo("commands.PingCmd"));
  }

  @Test
  void a_capability_cannot_shadow_the_built_in_clear_reported() {
    CommandDispatcher d = dispatcher(definition("a.yaml", "alpha", "clearReportedCmd: { node: ./A/Clear }"));

    CommandResponse r = d.dispatch(new CommandRequest("clearReportedCmd", NodeValue.absent()));

    assertThat(r.status()).isEqualTo(200);
    assertThat(cleared).isEqualTo(1);
    assertThat(device.calls()).isEmpty();
    assertThat(d.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("built-in"));
    assertThat(d.methods()).containsExactly("clearReportedCmd");
  }

  @Test
  void the_engine_is_told_which_capability_ran_a_command_even_when_it_failed() {
    CommandDispatcher d = dispatcher(definition("a.yaml", "alpha", "PingCmd: { node: ./A/Ping }"));
    device.failWrites("./A/Ping", "no");

    assertThat(d.dispatch(new CommandRequest("PingCmd", NodeValue.Obj.empty())).status()).isEqualTo(400);
    assertThat(ran).containsExactly("alpha");
  }

  @Test
  void a_refused_payload_never_reaches_the_adapter_and_tells_the_engine_nothing() {
    CommandDispatcher d = dispatcher(definition("a.yaml", "alpha", "PingCmd: { node: ./A/Ping }"));

    d.dispatch(new CommandRequest("PingCmd", NodeValue.of("text")));

    assertThat(device.calls()).isEmpty();
    assertThat(ran).isEmpty();
  }
}
