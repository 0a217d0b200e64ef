package dev.converge.emulator.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test shorthand: JSON written with single quotes, so tests stay readable. */
final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object(String singleQuoted) {
    try {
      return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + singleQuoted, e);
    }
  }
}
