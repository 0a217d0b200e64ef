package dev.converge.benchmarks;

import dev.converge.engine.Engine;
import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionLoader;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.FakeNodeAdapter;
import dev.converge.engine.port.InMemoryJournal;
import dev.converge.engine.port.InMemoryTwinChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A generated device twin: {@code groups} capabilities, each a plain group of {@code propertiesPerGroup} properties
 * on nodes {@code ./G<i>/P<j>} of one fake adapter, and a desired document that sets every property. Properties
 * alternate between bounded strings and bounded integers, so validation sees both kinds. Deterministic.
 */
final class GeneratedTwin {

  static final String ADAPTER = "fake";

  private final List<CapabilityDefinition> definitions;
  private final NodeValue.Obj desired;
  private final Map<String, NodeValue> desiredByNode;

  private GeneratedTwin(List<CapabilityDefinition> definitions, NodeValue.Obj desired,
      Map<String, NodeValue> desiredByNode) {
    this.definitions = definitions;
    this.desired = desired;
    this.desiredByNode = desiredByNode;
  }

  /** The document: 1,000 properties in 50 groups. */
  static GeneratedTwin standard() {
    return generate(50, 20);
  }

  static GeneratedTwin generate(int groups, int propertiesPerGroup) {
    Map<String, String> schemas = new HashMap<>();
    Map<String, String> yamls = new LinkedHashMap<>();
    Map<String, NodeValue> document = new LinkedHashMap<>();
    Map<String, NodeValue> byNode = new LinkedHashMap<>();
    for (int i = 1; i <= groups; i++) {
      String id = group(i);
      StringBuilder yaml = new StringBuilder()
          .append("id: ").append(id).append('\n')
          .append("interfaceVersion: 1.0.0\n")
          .append("description: Generated group ").append(i).append(" for the benchmarks.\n")
          .append("schema: ").append(id).append(".schema.json\n")
          .append("adapter: ").append(ADAPTER).append('\n')
          .append("nodes:\n");
      StringBuilder schema = new StringBuilder()
          .append("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",")
          .append("\"type\":\"object\",\"additionalProperties\":false,\"properties\":{");
      Map<String, NodeValue> values = new LinkedHashMap<>();
      for (int j = 1; j <= propertiesPerGroup; j++) {
        String name = property(j);
        String node = "./G" + i + "/P" + j;
        yaml.append("  ").append(name).append(": ").append(node).append('\n');
        schema.append(j > 1 ? "," : "").append('"').append(name).append("\":");
        if (j % 2 == 1) {
          schema.append("{\"type\":\"string\",\"maxLength\":64}");
          values.put(name, NodeValue.of("value-" + i + "-" + j));
        } else {
          schema.append("{\"type\":\"integer\",\"minimum\":0,\"maximum\":1000000}");
          values.put(name, NodeValue.of(i * 1000L + j));
        }
        byNode.put(node, values.get(name));
      }
      schemas.put(id + ".schema.json", schema.append("}}").toString());
      yamls.put(id, yaml.toString());
      document.put(id, NodeValue.object(values));
    }

    DefinitionLoader loader = DefinitionLoader.create((source, name) -> Optional.ofNullable(schemas.get(name)));
    List<CapabilityDefinition> definitions = new ArrayList<>();
    yamls.forEach((id, yaml) -> {
      DefinitionLoader.Result r = loader.load(id + ".yaml", yaml);
      if (!r.isLoaded()) {
        throw new IllegalStateException("generated capability " + id + " does not load: " + r.problems());
      }
      definitions.add(r.definition());
    });
    return new GeneratedTwin(List.copyOf(definitions), NodeValue.object(document), Map.copyOf(byNode));
  }

  static String group(int i) {
    return String.format("group%02d", i);
  }

  static String property(int j) {
    return String.format("p%02d", j);
  }

  NodeValue.Obj desired() {
    return desired;
  }

  /**
   * The desired section as a full twin GET returns it ({@code $version} included), for the parse baseline. The
   * device parses exactly this text before the engine sees a single group.
   */
  String desiredJson() {
    return desired.with("$version", NodeValue.of(1)).toJsonText();
  }

  /** A device on the fake adapter whose engine has started and converged once: actual equals desired. */
  ConvergedDevice converge() {
    FakeNodeAdapter adapter = new FakeNodeAdapter(ADAPTER);
    InMemoryTwinChannel channel = new InMemoryTwinChannel();
    channel.patchDesiredSilently(desired);
    FakeClock clock = new FakeClock();
    Engine engine = Engine.builder()
        .capabilities(CapabilityRegistry.of(definitions, Set.of(ADAPTER)), List.of())
        .adapter(ADAPTER, adapter)
        .channel(channel)
        .journal(new InMemoryJournal())
        .clock(clock)
        .build();
    engine.start();
    engine.runUntilIdle();
    ConvergedDevice device = new ConvergedDevice(engine, adapter, channel, clock);
    device.requireConverged(desiredByNode);
    return device;
  }
}
