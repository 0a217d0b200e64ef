package dev.converge.emulator.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static TwinDocument doc(String singleQuoted) {
    return TwinDocument.copyOf(json(singleQuoted));
  }
}
