package dev.converge.emulator.adm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One value a configuration writes into a twin's desired properties.
 *
 * <p>A content entry keyed {@code properties.desired.a.b} is the setting {@code [a, b]}; an entry keyed {@code
 * properties.desired} itself is split into one setting per member, so {@code {"a": 1, "b": {…}}} there means the
 * same as entries {@code properties.desired.a} and {@code properties.desired.b}. That keeps the settings of several
 * configurations side by side instead of one replacing the whole desired document, which would erase every other
 * configuration's (and the solution's) properties.
 *
 * <p>A setting <em>replaces</em> the whole value at its path: an object value is written as it is, not merged into
 * what the twin had there, so re-applying it restores any member a device or operator changed or added. A {@code null}
 * value removes the property, as the ADM page says ("If you wish to remove an existing property, specify the property
 * value to null"); {@code null} members inside an object value are dropped, since a twin cannot hold {@code null}.
 *
 * @param path property names below {@code properties.desired}, at least one
 * @param value the JSON written there; {@code NullNode} removes the property
 */
record DesiredSetting(List<String> path, JsonNode value) {

  static final String DESIRED = "properties.desired";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  DesiredSetting {
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a setting has a path below properties.desired");
    }
  }

  /**
   * The settings of one content map, in its order. Keys must already have been validated by {@link
   * ConfigurationRules}.
   */
  static List<DesiredSetting> of(Map<String, JsonNode> content) {
    List<DesiredSetting> settings = new ArrayList<>();
    content.forEach((key, value) -> {
      if (key.equals(DESIRED)) {
        value.properties().forEach(e -> settings.add(new DesiredSetting(List.of(e.getKey()), e.getValue())));
      } else {
        settings.add(new DesiredSetting(List.of(key.substring(DESIRED.length() + 1).split("\\.", -1)), value));
      }
    });
    return settings;
  }

  /** Whether this setting's path lies strictly inside {@code other}'s, so writing {@code other} overwrites it. */
  boolean isBelow(DesiredSetting other) {
    return path.size() > other.path.size() && path.subList(0, other.path.size()).equals(other.path);
  }

  /**
   * Writes this setting into {@code desired}: missing objects along the path are created (a non-object in the way is
   * replaced by one); a removal along a path that does not exist changes nothing.
   */
  void applyTo(ObjectNode desired) {
    ObjectNode parent = desired;
    for (String name : path.subList(0, path.size() - 1)) {
      JsonNode child = parent.get(name);
      if (child == null || !child.isObject()) {
        if (value.isNull()) {
          return;
        }
        child = parent.putObject(name);
      }
      parent = (ObjectNode) child;
    }
    String last = path.get(path.size() - 1);
    if (value.isNull()) {
      parent.remove(last);
    } else {
      parent.set(last, withoutNulls(value));
    }
  }

  private static JsonNode withoutNulls(JsonNode value) {
    if (!value.isObject()) {
      return value.deepCopy();
    }
    ObjectNode out = NODES.objectNode();
    value.properties().forEach(e -> {
      if (!e.getValue().isNull()) {
        out.set(e.getKey(), withoutNulls(e.getValue()));
      }
    });
    return out;
  }
}
