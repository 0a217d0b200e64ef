package dev.converge.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.EngineFixture;
import dev.converge.engine.model.Comparison;
import dev.converge.engine.model.DriftPolicy;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefinitionLoaderTest {

  private final DefinitionLoader loader = DefinitionLoader.create((source, name) -> EngineFixture.resource(name));

  private static final String VALID = """
      id: settings
      interfaceVersion: 1.2.0
      description: test
      schema: settings.schema.json
      adapter: fake
      nodes:
        timeZone: ./Device/Time/TimeZone
      """;

  @Test
  void loads_a_plain_group_with_defaults() {
    DefinitionLoader.Result r = loader.load("settings.yaml", VALID);

    assertThat(r.problems()).isEmpty();
    CapabilityDefinition d = r.definition();
    assertThat(d.id()).isEqualTo("settings");
    assertThat(d.interfaceVersion().toString()).isEqualTo("1.2.0");
    assertThat(d.properties()).extracting(PropertySpec::name).containsExactly("timeZone");
    assertThat(d.drift().policy()).isEqualTo(DriftPolicy.REMEDIATE);
    assertThat(d.drift().scanInterval()).isEqualTo(DriftSpec.DEFAULT_SCAN_INTERVAL);
    assertThat(d.isMapValued()).isFalse();
  }

  @Test
  void loads_a_map_valued_group_with_presence_identity_and_comparison() {
    DefinitionLoader.Result r = loader.load("items.yaml", """
        id: things
        interfaceVersion: 2.0.0
        description: test
        schema: items.schema.json
        adapter: fake
        nodes:
          "{name}":
            node: ./Things{path}
            presence: { property: state, present: enabled, absent: disabled }
            properties:
              path: { identity: true }
              color: { node: "./Things{path}/Color", compare: ignoreCase }
        commands:
          ResetThingsCmd: { node: ./Things/Reset, timeout: 10s }
        drift: { policy: report, scanInterval: 90s }
        """);

    assertThat(r.problems()).isEmpty();
    ItemSpec items = r.definition().items();
    assertThat(items.placeholder()).isEqualTo("name");
    assertThat(items.presence()).isEqualTo(new ItemSpec.Presence("state", "enabled", "disabled"));
    assertThat(items.property("path").orElseThrow().identity()).isTrue();
    assertThat(items.property("color").orElseThrow().compare()).isEqualTo(Comparison.IGNORE_CASE);
    assertThat(r.definition().commands().get("ResetThingsCmd").timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.definition().drift().scanInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void invalid_yaml_names_file_and_line() {
    DefinitionLoader.Result r = loader.load("broken.yaml", "id: x\nnodes: [unclosed\n  a: b\n");

    assertThat(r.definition()).isNull();
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.source()).isEqualTo("broken.yaml");
      assertThat(p.line()).isGreaterThan(1);
      assertThat(p.toString()).startsWith("broken.yaml:").contains("invalid YAML");
    });
  }

  @Test
  void duplicate_yaml_keys_are_refused() {
    DefinitionLoader.Result r = loader.load("dup.yaml", VALID + "adapter: other\n");

    assertThat(r.definition()).isNull();
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("duplicate"));
  }

  @Test
  void schema_violations_name_field_and_line() {
    String yaml = VALID.replace("interfaceVersion: 1.2.0", "interfaceVersion: one").replace("adapter: fake",
        "adapter: fake\nmystery: 1");
    DefinitionLoader.Result r = loader.load("bad.yaml", yaml);

    assertThat(r.definition()).isNull();
    assertThat(r.problems()).anySatisfy(p -> {
      assertThat(p.field()).isEqualTo("interfaceVersion");
      assertThat(p.line()).isEqualTo(2);
    });
    assertThat(r.problems()).anySatisfy(p -> assertThat(p.toString()).contains("mystery"));
  }

  @Test
  void a_missing_required_field_is_named() {
    DefinitionLoader.Result r = loader.load("x.yaml", VALID.replace("adapter: fake\n", ""));

    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("adapter");
      assertThat(p.message()).contains("adapter");
    });
  }

  @Test
  void placeholders_must_name_the_item_key_or_an_identity_property() {
    DefinitionLoader.Result r = loader.load("x.yaml", """
        id: things
        interfaceVersion: 1.0.0
        description: test
        schema: items.schema.json
        adapter: fake
        nodes:
          "{key}":
            properties:
              color: ./Things/{colour}/Color
        """);

    assertThat(r.definition()).isNull();
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("nodes.{key}.properties.color");
      assertThat(p.line()).isEqualTo(9);
      assertThat(p.message()).contains("{colour}");
    });
  }

  @Test
  void group_level_nodes_cannot_use_placeholders() {
    DefinitionLoader.Result r = loader.load("x.yaml", VALID.replace("./Device/Time/TimeZone", "./Device/{zone}"));

    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("only allowed in item"));
  }

  @Test
  void a_capability_may_have_only_commands_and_their_nodes_take_required_payload_properties() {
    DefinitionLoader.Result r = loader.load("tools.yaml", EngineFixture.resource("tools.yaml").orElseThrow());

    assertThat(r.problems()).isEmpty();
    CapabilityDefinition d = r.definition();
    assertThat(d.properties()).isEmpty();
    assertThat(d.isMapValued()).isFalse();
    assertThat(d.commands()).containsOnlyKeys("EchoCmd", "PeekCmd", "RemoveThingCmd");
    CommandSpec remove = d.commands().get("RemoveThingCmd");
    assertThat(remove.node().placeholders()).containsExactly("folder", "name");
    assertThat(remove.payloadSchemaName()).isEqualTo("remove-thing.payload.schema.json");
    assertThat(remove.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(remove.readOnly()).as("a command changes the device unless it says otherwise").isFalse();
    assertThat(d.commands().get("PeekCmd").readOnly()).isTrue();
  }

  @Test
  void a_capability_with_neither_nodes_reported_values_nor_commands_is_refused() {
    DefinitionLoader.Result r = loader.load("x.yaml", VALID.replace("nodes:\n  timeZone: ./Device/Time/TimeZone\n", ""));

    assertThat(r.definition()).isNull();
    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("has none"));
  }

  @Test
  void command_placeholders_must_name_properties_the_payload_schema_requires() {
    DefinitionLoader.Result optional = loader.load("x.yaml", VALID + """
        commands:
          RemoveCmd: { node: "./X/{force}/Remove", payloadSchema: remove-thing.payload.schema.json }
        """);
    DefinitionLoader.Result noSchema = loader.load("x.yaml", VALID + """
        commands:
          RemoveCmd: { node: "./X/{name}/Remove" }
        """);

    assertThat(optional.definition()).isNull();
    assertThat(optional.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("commands.RemoveCmd.node");
      assertThat(p.message()).contains("{force}").contains("[folder, name]");
    });
    assertThat(noSchema.problems()).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("needs a payloadSchema"));
  }

  @Test
  void a_schema_file_that_does_not_exist_is_reported_at_its_field() {
    DefinitionLoader.Result r = loader.load("x.yaml", VALID.replace("settings.schema.json", "nope.schema.json"));

    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("schema");
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.message()).contains("nope.schema.json").contains("not found");
    });
  }

  @Test
  void a_schema_file_that_is_not_json_is_reported() {
    DefinitionLoader bad = DefinitionLoader.create((source, name) -> Optional.of("{ not json"));
    DefinitionLoader.Result r = bad.load("x.yaml", VALID);

    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("is not JSON"));
  }

  @Test
  void command_timeouts_outside_iot_hub_limits_are_refused() {
    DefinitionLoader.Result r = loader.load("x.yaml", VALID + "commands:\n  SlowCmd: { node: ./X, timeout: 10m }\n");

    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("commands.SlowCmd.timeout");
      assertThat(p.message()).contains("between 5 s and 300 s");
    });
  }

  @Test
  void a_capability_cannot_depend_on_itself() {
    DefinitionLoader.Result r = loader.load("x.yaml", VALID + "dependencies: [settings]\n");

    assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("itself"));
  }

  @Test
  void reserved_and_illegal_twin_keys_are_refused_as_ids() {
    assertThat(loader.load("x.yaml", VALID.replace("id: settings", "id: __secret")).problems())
        .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("id"));
    assertThat(loader.load("x.yaml", VALID.replace("id: settings", "id: my.settings")).problems())
        .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("id"));
  }

  @Test
  void parses_short_and_iso_durations() {
    assertThat(DefinitionLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DefinitionLoader.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DefinitionLoader.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
  }
}
