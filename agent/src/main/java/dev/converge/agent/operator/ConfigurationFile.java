package dev.converge.agent.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.configurations.Configuration;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationContent;
import com.microsoft.azure.sdk.iot.service.configurations.ConfigurationMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ADM configuration written as IoT Hub's own JSON ({@code az iot hub configuration create --content} accepts
 * the same shape): {@code id}, {@code content.deviceContent} (or {@code moduleContent}) keyed by twin path,
 * {@code targetCondition}, {@code priority}, optional {@code labels} and {@code metrics.queries}.
 *
 * <p>Checked before anything is sent, so a mistake is named with the file and the field instead of surfacing as a
 * service error.
 */
public final class ConfigurationFile {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private ConfigurationFile() {}

  /**
   * Reads {@code file} into the SDK's configuration type.
   *
   * @throws IllegalArgumentException naming the file and the field at fault
   */
  public static Configuration read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": an ADM configuration is a JSON object");
    }
    String id = text(file, root, "id");
    Configuration configuration = new Configuration(id);
    JsonNode content = root.path("content");
    if (!content.isObject()) {
      throw new IllegalArgumentException(file + ": 'content' is missing or not an object");
    }
    ConfigurationContent sdkContent = new ConfigurationContent();
    boolean any = false;
    if (content.has("deviceContent")) {
      sdkContent.setDeviceContent(paths(file, content, "deviceContent"));
      any = true;
    }
    if (content.has("moduleContent")) {
      sdkContent.setModuleContent(paths(file, content, "moduleContent"));
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException(file + ": 'content' needs 'deviceContent' or 'moduleContent'");
    }
    configuration.setContent(sdkContent);
    configuration.setTargetCondition(text(file, root, "targetCondition"));
    JsonNode priority = root.path("priority");
    if (!priority.isInt() || priority.asInt() < 0) {
      throw new IllegalArgumentException(file + ": 'priority' must be a non-negative integer, was " + priority);
    }
    configuration.setPriority(priority.asInt());
    if (root.has("labels")) {
      configuration.setLabels(new HashMap<>(strings(file, root.get("labels"), "labels")));
    }
    JsonNode queries = root.path("metrics").path("queries");
    if (!queries.isMissingNode()) {
      ConfigurationMetrics metrics = new ConfigurationMetrics();
      metrics.setQueries(new HashMap<>(strings(file, queries, "metrics.queries")));
      configuration.setMetrics(metrics);
    }
    return configuration;
  }

  private static Map<String, Object> paths(Path file, JsonNode content, String field) {
    JsonNode node = content.get(field);
    if (!node.isObject() || node.isEmpty()) {
      throw new IllegalArgumentException(file + ": 'content." + field + "' must be a non-empty object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      if (!path.startsWith("properties.desired")) {
        throw new IllegalArgumentException(file + ": 'content." + field + "' key '" + path
            + "' must be a twin path starting with properties.desired");
      }
    }
    return JSON.convertValue(node, OBJECT);
  }

  private static Map<String, String> strings(Path file, JsonNode node, String field) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(file + ": '" + field + "' must be an object of strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException(file + ": '" + field + "." + e.getKey() + "' must be a string");
      }
      values.put(e.getKey(), e.getValue().asText());
    });
    return values;
  }

  private static String text(Path file, JsonNode root, String field) {
    JsonNode node = root.path(field);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException(file + ": '" + field + "' is missing or not a non-empty string");
    }
    return node.asText();
  }
}
