package dev.converge.emulator.adm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test shorthand: JSON written with single quotes, so tests stay readable. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode json(String singleQuoted) {
    try {
      return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + singleQuoted, e);
    }
  }

  static ObjectNode object(String singleQuoted) {
    return (ObjectNode) json(singleQuoted);
  }

  /**
   * A content map from a JSON object written with single quotes, {@code {'properties.desired.a': 1}}, with numbers
   * normalised as {@link ConfigurationContent} holds them (integers as long).
   */
  static Map<String, JsonNode> content(String singleQuoted) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    object(singleQuoted).properties().forEach(e -> out.put(e.getKey(), normalised(e.getValue())));
    return out;
  }

  /** {@code value} with numbers normalised as stored configurations hold them. */
  static JsonNode normalised(JsonNode value) {
    return dev.converge.emulator.twin.TwinDocument.normalisedCopy(value);
  }
}
