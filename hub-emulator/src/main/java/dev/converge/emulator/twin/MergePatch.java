package dev.converge.emulator.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch, the semantics of every twin update: objects merge member by member, {@code null}
 * deletes, and any other value (arrays included) replaces what was there.
 */
final class MergePatch {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MergePatch() {}

  /**
   * Applies {@code patch} to {@code target} in place and returns {@code target}. The caller owns {@code target}; leaf
   * and array nodes of {@code patch} may end up shared with it, so neither tree may be mutated afterwards.
   */
  static ObjectNode apply(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (value.isNull()) {
        target.remove(key);
      } else if (value.isObject()) {
        JsonNode current = target.get(key);
        // A patch object merges into an existing object, and otherwise into {} (RFC 7386 §2), which drops its nulls.
        ObjectNode base = current != null && current.isObject() ? (ObjectNode) current : NODES.objectNode();
        target.set(key, apply(base, (ObjectNode) value));
      } else {
        target.set(key, value);
      }
    }
    return target;
  }
}
