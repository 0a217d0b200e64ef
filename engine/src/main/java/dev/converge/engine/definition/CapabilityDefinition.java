package dev.converge.engine.definition;

import dev.converge.engine.model.InterfaceVersion;
import dev.converge.engine.model.NodeValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One capability, as an OEM declares it in YAML: the twin group it owns, the schema of its desired section, its
 * adapter, how properties map to nodes, its commands, dependencies and drift policy.
 *
 * @param source the file it was loaded from, for error messages
 * @param schema the JSON Schema of the desired section (without {@code __meta})
 * @param properties group-level properties, in declaration order (the order they are applied in)
 * @param items for a map-valued group, how its items map to nodes
 * @param reported read-only values reported with the group
 */
public record CapabilityDefinition(
    String id,
    InterfaceVersion interfaceVersion,
    String description,
    List<String> tags,
    String schemaName,
    NodeValue.Obj schema,
    String adapter,
    List<PropertySpec> properties,
    @Nullable ItemSpec items,
    Map<String, NodeTemplate> reported,
    Map<String, CommandSpec> commands,
    List<String> dependencies,
    DriftSpec drift,
    String source) {

  public CapabilityDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(interfaceVersion, "interfaceVersion");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(schemaName, "schemaName");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(adapter, "adapter");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(source, "source");
    tags = List.copyOf(tags);
    properties = List.copyOf(properties);
    reported = Collections.unmodifiableMap(new LinkedHashMap<>(reported));
    commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    dependencies = List.copyOf(dependencies);
  }

  public boolean isMapValued() {
    return items != null;
  }

  public Optional<PropertySpec> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
