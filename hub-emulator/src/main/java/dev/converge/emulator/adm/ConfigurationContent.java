package dev.converge.emulator.adm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.twin.TwinDocument;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a configuration writes, keyed by twin path ({@code properties.desired} or {@code properties.desired.a.b}) to
 * the JSON value written there.
 *
 * <p>Field names and shapes are the service SDK's ({@code ConfigurationContent}): {@code deviceContent} for device
 * configurations, {@code moduleContent} for module configurations, and {@code modulesContent} (module id → path →
 * value) for IoT Edge deployments. The emulator stores and validates {@code modulesContent} but does not apply it.
 *
 * <p>Immutable: values are deep-copied in, numbers normalised (integers as {@code long}, other numbers as {@code
 * double}) so equal JSON compares equal, and accessors return fresh copies.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigurationContent(
    Map<String, JsonNode> deviceContent,
    Map<String, JsonNode> moduleContent,
    Map<String, Map<String, JsonNode>> modulesContent) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ConfigurationContent EMPTY = new ConfigurationContent(Map.of(), Map.of(), Map.of());

  public ConfigurationContent {
    deviceContent = frozen(deviceContent);
    moduleContent = frozen(moduleContent);
    Map<String, Map<String, JsonNode>> modules = new LinkedHashMap<>();
    modulesContent.forEach((module, content) -> modules.put(module, frozen(content)));
    modulesContent = Collections.unmodifiableMap(modules);
  }

  @JsonCreator
  static ConfigurationContent fromJson(
      @JsonProperty("deviceContent") @Nullable Map<String, JsonNode> deviceContent,
      @JsonProperty("moduleContent") @Nullable Map<String, JsonNode> moduleContent,
      @JsonProperty("modulesContent") @Nullable Map<String, @Nullable Map<String, JsonNode>> modulesContent) {
    Map<String, Map<String, JsonNode>> modules = new LinkedHashMap<>();
    if (modulesContent != null) {
      modulesContent.forEach((module, content) -> modules.put(module, content == null ? Map.of() : content));
    }
    return new ConfigurationContent(
        deviceContent == null ? Map.of() : deviceContent, moduleContent == null ? Map.of() : moduleContent, modules);
  }

  /** No content at all. */
  public static ConfigurationContent empty() {
    return EMPTY;
  }

  /** Device content only. */
  public static ConfigurationContent ofDevice(Map<String, JsonNode> deviceContent) {
    return new ConfigurationContent(deviceContent, Map.of(), Map.of());
  }

  /** Module content only. */
  public static ConfigurationContent ofModule(Map<String, JsonNode> moduleContent) {
    return new ConfigurationContent(Map.of(), moduleContent, Map.of());
  }

  /** Fresh copies of the device content values. */
  @Override
  public Map<String, JsonNode> deviceContent() {
    return copied(deviceContent);
  }

  /** Fresh copies of the module content values. */
  @Override
  public Map<String, JsonNode> moduleContent() {
    return copied(moduleContent);
  }

  /** Fresh copies of the IoT Edge modules content values. */
  @Override
  public Map<String, Map<String, JsonNode>> modulesContent() {
    Map<String, Map<String, JsonNode>> out = new LinkedHashMap<>();
    modulesContent.forEach((module, content) -> out.put(module, copied(content)));
    return out;
  }

  /** Whether every part is empty; the Java service SDK sends such a content when it means "unchanged". */
  @JsonIgnore
  public boolean isEmpty() {
    return deviceContent.isEmpty() && moduleContent.isEmpty()
        && modulesContent.values().stream().allMatch(Map::isEmpty);
  }

  /** Whether {@code other} writes the same values: equal JSON, with numbers compared by value. */
  boolean sameAs(ConfigurationContent other) {
    return DesiredDiff.same(toJson(), other.toJson());
  }

  /** Compact JSON, for messages. */
  String toJsonText() {
    return toJson().toString();
  }

  private ObjectNode toJson() {
    ObjectNode json = NODES.objectNode();
    if (!deviceContent.isEmpty()) {
      json.set("deviceContent", asObject(deviceContent));
    }
    if (!moduleContent.isEmpty()) {
      json.set("moduleContent", asObject(moduleContent));
    }
    if (!modulesContent.isEmpty()) {
      ObjectNode modules = json.putObject("modulesContent");
      modulesContent.forEach((module, content) -> modules.set(module, asObject(content)));
    }
    return json;
  }

  private static ObjectNode asObject(Map<String, JsonNode> content) {
    ObjectNode out = NODES.objectNode();
    content.forEach((path, value) -> out.set(path, value.deepCopy()));
    return out;
  }

  /** Read-only view for this package, whose callers must not mutate the values. */
  Map<String, JsonNode> deviceView() {
    return deviceContent;
  }

  /** Read-only view for this package, whose callers must not mutate the values. */
  Map<String, JsonNode> moduleView() {
    return moduleContent;
  }

  /** Read-only view for this package, whose callers must not mutate the values. */
  Map<String, Map<String, JsonNode>> modulesView() {
    return modulesContent;
  }

  private static Map<String, JsonNode> frozen(Map<String, JsonNode> content) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    content.forEach((path, value) -> out.put(path, TwinDocument.normalisedCopy(value == null ? NODES.nullNode() : value)));
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, JsonNode> copied(Map<String, JsonNode> content) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    content.forEach((path, value) -> out.put(path, value.deepCopy()));
    return out;
  }
}
