package dev.converge.emulator.adm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.twin.TwinSize;
import dev.converge.emulator.query.Query;
import dev.converge.emulator.query.QueryException;
import dev.converge.emulator.query.Source;
import dev.converge.emulator.query.TargetCondition;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * IoT Hub's rules for a configuration a client submits. Each failure is a {@link ConfigurationException} (400) naming
 * the field and the offending value; the first broken rule is reported.
 *
 * <p>Sources: the ADM page ({@code iot-hub-automatic-device-management}: ids up to 128 characters, "up to five custom
 * metrics", module target conditions "use a query … from devices.modules where …" and no wildcard, paths inside
 * {@code properties.desired}, content immutable) and the device twins page for what a desired value may be (keys
 * without {@code . $} space or control characters, at most 10 levels of objects, strings at most 4 KB, integers
 * within ±2<sup>52</sup>, 32 KB of desired properties). The id alphabet follows IoT Hub's device id rule, lower-case
 * only, which covers the characters the ADM page lists ({@code -+%_*!'}).
 */
final class ConfigurationRules {

  static final int MAX_ID_LENGTH = 128;
  static final int MAX_METRICS = 5;
  static final int MAX_DEPTH = 10;
  static final int MAX_STRING_BYTES = 4096;
  static final int MAX_CONTENT_SIZE = 32 * 1024;

  private static final Pattern ID = Pattern.compile("[a-z0-9\\-:+%_#*?!(),=@;$']+");
  private static final BigInteger MIN_INTEGER = BigInteger.valueOf(-4_503_599_627_370_496L);
  private static final BigInteger MAX_INTEGER = BigInteger.valueOf(4_503_599_627_370_495L);

  private ConfigurationRules() {}

  /** Checks everything a client controls in {@code c}, returning its parsed target condition. */
  static TargetCondition check(Configuration c) {
    checkId(c.id());
    if (c.priority() < 0) {
      throw ConfigurationException.invalid("priority", c.priority() + " is negative; priority is a non-negative "
          + "integer");
    }
    TargetCondition target = checkTarget(c.targetCondition());
    checkMetrics(c.metrics().queries());
    checkContent(c.content(), target);
    return target;
  }

  static void checkId(String id) {
    if (id.isEmpty()) {
      throw ConfigurationException.invalid("id", "is required (" + Configuration.ID_RULE + ")");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw ConfigurationException.invalid("id", "'" + id + "' has " + id.length() + " characters; at most "
          + MAX_ID_LENGTH);
    }
    if (!ID.matcher(id).matches()) {
      int bad = id.codePoints().filter(cp -> !ID.matcher(Character.toString(cp)).matches()).findFirst().orElse('?');
      throw ConfigurationException.invalid("id", "'" + id + "' contains '" + Character.toString(bad)
          + "'; an id has " + Configuration.ID_RULE);
    }
  }

  private static TargetCondition checkTarget(String text) {
    try {
      return TargetCondition.parse(text);
    } catch (QueryException e) {
      throw ConfigurationException.invalid("targetCondition", "'" + text + "' is not valid: " + e.getMessage());
    }
  }

  private static void checkMetrics(Map<String, String> queries) {
    if (queries.size() > MAX_METRICS) {
      throw ConfigurationException.invalid("metrics.queries", queries.size() + " custom metrics " + queries.keySet()
          + "; at most " + MAX_METRICS);
    }
    queries.forEach((name, query) -> {
      String field = "metrics.queries." + name;
      if (name.isBlank()) {
        throw ConfigurationException.invalid(field, "a metric needs a name");
      }
      if (query == null || query.isBlank()) {
        throw ConfigurationException.invalid(field, "a metric needs a query, not " + (query == null ? "null"
            : "'" + query + "'"));
      }
      try {
        Query.parse(query);
      } catch (QueryException e) {
        throw ConfigurationException.invalid(field, "'" + query + "' is not valid: " + e.getMessage());
      }
    });
  }

  private static void checkContent(ConfigurationContent content, TargetCondition target) {
    Map<String, JsonNode> device = content.deviceView();
    Map<String, JsonNode> module = content.moduleView();
    if (!device.isEmpty() && !module.isEmpty()) {
      throw ConfigurationException.invalid("content", "has both deviceContent " + device.keySet()
          + " and moduleContent " + module.keySet() + "; a configuration targets device twins or module twins");
    }
    boolean forDevices = !device.isEmpty() || content.modulesView().values().stream().anyMatch(m -> !m.isEmpty());
    if (forDevices && target.source() == Source.MODULES) {
      throw ConfigurationException.invalid("targetCondition", "'" + target.text() + "' selects module twins, but "
          + "deviceContent and modulesContent apply to devices; use a condition on device twins");
    }
    if (!module.isEmpty() && target.source() == Source.DEVICES && !target.isEmpty()) {
      throw ConfigurationException.invalid("targetCondition", "'" + target.text() + "' selects device twins, but "
          + "moduleContent needs a condition starting FROM devices.modules WHERE");
    }
    checkSettings("content.deviceContent", device);
    checkSettings("content.moduleContent", module);
    content.modulesView().forEach((moduleId, settings) -> {
      if (moduleId.isEmpty()) {
        throw ConfigurationException.invalid("content.modulesContent", "a module id must not be empty");
      }
      checkSettings("content.modulesContent." + moduleId, settings);
    });
  }

  private static void checkSettings(String field, Map<String, JsonNode> content) {
    long size = 0;
    for (Map.Entry<String, JsonNode> e : content.entrySet()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      String at = field + "." + key;
      List<String> path;
      if (key.equals(DesiredSetting.DESIRED)) {
        if (!value.isObject()) {
          throw ConfigurationException.invalid(at, "the whole desired section must be set to a JSON object, not "
              + value);
        }
        path = List.of();
      } else if (key.startsWith(DesiredSetting.DESIRED + ".")) {
        path = List.of(key.substring(DesiredSetting.DESIRED.length() + 1).split("\\.", -1));
        for (String name : path) {
          String problem = keyProblem(name);
          if (problem != null) {
            throw ConfigurationException.invalid(field, "path '" + key + "': " + problem);
          }
        }
      } else {
        throw ConfigurationException.invalid(field, "path '" + key + "' is not a desired property; content paths are "
            + DesiredSetting.DESIRED + " or start with " + DesiredSetting.DESIRED + ".");
      }
      // The objects along the path nest too; the desired section itself is level 0.
      int depth = path.isEmpty() ? objectDepth(value) - 1 : path.size() - 1 + objectDepth(value);
      if (depth > MAX_DEPTH) {
        throw ConfigurationException.invalid(at, "nests objects " + depth + " levels deep; desired properties allow "
            + MAX_DEPTH);
      }
      checkValue(at, value, false);
      size += path.stream().mapToLong(TwinSize::of).sum() + TwinSize.of(value);
    }
    if (size > MAX_CONTENT_SIZE) {
      throw ConfigurationException.invalid(field, "holds " + size + " bytes of desired properties; a twin's desired "
          + "properties hold at most " + MAX_CONTENT_SIZE);
    }
  }

  private static void checkValue(String at, JsonNode value, boolean inArray) {
    if (value.isObject()) {
      value.properties().forEach(e -> {
        String problem = keyProblem(e.getKey());
        if (problem != null) {
          throw ConfigurationException.invalid(at, "key '" + e.getKey() + "': " + problem);
        }
        checkValue(at + "." + e.getKey(), e.getValue(), inArray);
      });
    } else if (value.isArray()) {
      value.forEach(element -> checkValue(at, element, true));
    } else if (value.isNull() && inArray) {
      throw ConfigurationException.invalid(at, "null inside an array; twins cannot hold null there");
    } else if (value.isTextual() && value.textValue().getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
      throw ConfigurationException.invalid(at, "a string of " + value.textValue().getBytes(StandardCharsets.UTF_8)
          .length + " UTF-8 bytes; at most " + MAX_STRING_BYTES);
    } else if (value.isIntegralNumber()
        && (value.bigIntegerValue().compareTo(MIN_INTEGER) < 0 || value.bigIntegerValue().compareTo(MAX_INTEGER) > 0)) {
      throw ConfigurationException.invalid(at, "integer " + value.bigIntegerValue() + " is outside " + MIN_INTEGER
          + ".." + MAX_INTEGER);
    } else if (value.isNumber() && !Double.isFinite(value.doubleValue())) {
      throw ConfigurationException.invalid(at, "number " + value + " is not finite");
    }
  }

  /** Why {@code name} cannot be a twin property name, or {@code null} if it can. */
  private static @Nullable String keyProblem(String name) {
    if (name.isEmpty()) {
      return "property names must not be empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.' || c == '$' || c == ' ' || Character.isISOControl(c)) {
        return String.format("'%s' contains U+%04X; names may not contain '.', '$', space or control characters",
            name, (int) c);
      }
    }
    return null;
  }

  /** Levels of nested objects in {@code value}: 0 for a scalar, arrays adding none of their own. */
  private static int objectDepth(JsonNode value) {
    int inner = 0;
    for (JsonNode child : value) {
      inner = Math.max(inner, objectDepth(child));
    }
    return value.isObject() ? 1 + inner : inner;
  }

  /** The twin size of {@code value} as the device twins page counts it. */
}
