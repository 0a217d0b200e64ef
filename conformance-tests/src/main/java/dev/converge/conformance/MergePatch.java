package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between two twin documents as IoT Hub's desired patch (JSON merge patch, RFC 7396): changed
 * leaves, whole new values where the kind differs, and {@code null} for keys that are gone. What a target sends when
 * a scenario sets the whole desired document, so the device receives the difference, as the {@link Target} contract
 * says.
 */
public final class MergePatch {

  /** Numbers equal by value ({@code 1} and {@code 1.0}, an int and a long), everything else by equality. */
  private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  };

  private MergePatch() {}

  /** The patch that turns object {@code from} into object {@code to}; empty when they are equal. */
  public static ObjectNode diff(JsonNode from, JsonNode to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isObject() || !to.isObject()) {
      throw new IllegalArgumentException("a desired document is a JSON object");
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!to.has(name)) {
        patch.putNull(name);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = to.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode before = from.get(field.getKey());
      JsonNode after = field.getValue();
      if (before != null && before.isObject() && after.isObject()) {
        ObjectNode inner = diff(before, after);
        if (!inner.isEmpty()) {
          patch.set(field.getKey(), inner);
        }
      } else if (before == null || !before.equals(BY_VALUE, after)) {
        patch.set(field.getKey(), after.deepCopy());
      }
    }
    return patch;
  }
}
