package dev.converge.emulator.adm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.Map;

/**
 * The JSON merge patch (RFC 7386) that turns one desired document into another, and the value equality it rests on.
 * Applying {@link #between}{@code (before, after)} to {@code before} gives {@code after} whenever {@code after} holds
 * no {@code null}s; an empty patch means the documents are already equal.
 */
final class DesiredDiff {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Equal leaves: identical JSON, or numbers of equal value. Twins store {@code 1} as a long and a request may carry
   * it as an int; treating them as different would make every evaluation rewrite the same value forever.
   */
  private static final Comparator<JsonNode> SAME_LEAF = (a, b) -> {
    if (a.equals(b)) {
      return 0;
    }
    return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
  };

  private DesiredDiff() {}

  static boolean same(JsonNode a, JsonNode b) {
    return a.equals(SAME_LEAF, b);
  }

  /** The minimal merge patch from {@code before} to {@code after}; neither is changed. */
  static ObjectNode between(ObjectNode before, ObjectNode after) {
    ObjectNode patch = NODES.objectNode();
    for (Map.Entry<String, JsonNode> e : before.properties()) {
      if (!after.has(e.getKey())) {
        patch.putNull(e.getKey());
      }
    }
    for (Map.Entry<String, JsonNode> e : after.properties()) {
      JsonNode old = before.get(e.getKey());
      JsonNode now = e.getValue();
      if (old != null && same(old, now)) {
        continue;
      }
      // Nested objects patch member by member; anything else (arrays included) is replaced whole.
      patch.set(e.getKey(), old != null && old.isObject() && now.isObject()
          ? between((ObjectNode) old, (ObjectNode) now) : now.deepCopy());
    }
    return patch;
  }
}
