package dev.converge.agent.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.converge.engine.model.NodeValue;
import java.util.Map;

/**
 * Converts between the SDK's Gson-based twin types and the engine's {@link NodeValue}, through JSON text so numbers
 * keep their exact form (the SDK reads integers as {@code Long}, decimals as {@code Double}).
 */
final class TwinJson {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private TwinJson() {}

  /** A twin section without {@code $version} and {@code $metadata} (the SDK keeps them apart). */
  static NodeValue.Obj toNode(TwinCollection collection) {
    return (NodeValue.Obj) NodeValue.fromJson(parse(collection.toJsonElement().toString()));
  }

  static TwinCollection toCollection(NodeValue.Obj patch) {
    TwinCollection out = new TwinCollection();
    Map<String, Object> fields = JSON.convertValue(patch.toJson(), MAP);
    fields.forEach(out::put); // put, not putAll: putAll refuses an empty map, and put turns maps into collections
    return out;
  }

  static JsonElement toGson(NodeValue value) {
    return JsonParser.parseString(value.toJson().toString());
  }

  static NodeValue fromGson(JsonElement element) {
    return element == null || element.isJsonNull() ? NodeValue.absent()
        : NodeValue.fromJson(parse(element.toString()));
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the SDK produced text that is not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
