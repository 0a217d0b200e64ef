package dev.converge.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.engine.model.NodeValue;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A desired document read from a file: either the desired properties themselves, or a twin as IoT Hub returns it
 * ({@code {"properties": {"desired": {...}}}}). {@code $version} is kept as the version; {@code $metadata} dropped.
 */
record DesiredFile(NodeValue.Obj properties, long version) {

  /** A file that cannot be used, with a message naming it and the position. */
  static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    Unusable(String message) {
      super(message);
    }
  }

  static DesiredFile read(Path file) throws Unusable {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Unusable(file + ": no such file");
    } catch (MalformedInputException e) {
      throw new Unusable(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new Unusable(file + ": cannot read: " + e.getMessage());
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new Unusable(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
          + ": not valid JSON: " + e.getOriginalMessage());
    } catch (NumberFormatException e) {
      throw new Unusable(file + ": a number is out of range: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new Unusable(file + ": the desired document must be a JSON object");
    }
    JsonNode desired = root.path("properties").path("desired");
    if (!desired.isObject()) {
      desired = root;
    }
    long version = desired.path("$version").asLong(1);
    try {
      NodeValue.Obj doc = ((NodeValue.Obj) NodeValue.fromJson(desired)).without("$version").without("$metadata");
      return new DesiredFile(doc, version);
    } catch (IllegalArgumentException e) {
      throw new Unusable(file + ": " + e.getMessage());
    }
  }
}
