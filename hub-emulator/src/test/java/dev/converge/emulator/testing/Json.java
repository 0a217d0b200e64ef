package dev.converge.emulator.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.twin.TwinDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test shorthand: JSON written with single quotes, so tests stay readable. */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static JsonNode json(String singleQuoted) {
    try {
      return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + singleQuoted, e);
    }
  }

  public static ObjectNode object(String singleQuoted) {
    return (ObjectNode) json(singleQuoted);
  }

  /** A twin document from single-quoted JSON. */
  public static TwinDocument doc(String singleQuoted) {
    return TwinDocument.copyOf(json(singleQuoted));
  }

  /**
   * The members of a single-quoted JSON object, e.g. ADM content {@code {'properties.desired.a': 1}}, with numbers
   * normalised as twin documents and stored configurations hold them (integers as long).
   */
  public static Map<String, JsonNode> content(String singleQuoted) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    object(singleQuoted).properties().forEach(e -> out.put(e.getKey(), normalised(e.getValue())));
    return out;
  }

  /** {@code value} with numbers normalised as twin documents hold them. */
  public static JsonNode normalised(JsonNode value) {
    return TwinDocument.normalisedCopy(value);
  }

  /** A new, empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
