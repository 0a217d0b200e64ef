package dev.converge.emulator.adm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the hub does with an {@link Evaluation}, reduced to the twin trees a test holds: merge each desired patch
 * (RFC 7386, written here independently of the code under test) and replace the {@code configurations} section.
 */
final class Hub {

  private Hub() {}

  /** Copies of {@code twins} with {@code evaluation}'s assignments applied. */
  static List<ObjectNode> apply(List<ObjectNode> twins, Evaluation evaluation) {
    return twins.stream().map(twin -> {
      ObjectNode copy = twin.deepCopy();
      TwinAssignment a = evaluation.twin(TwinKey.of(twin)).orElseThrow();
      ObjectNode properties = copy.has("properties") ? (ObjectNode) copy.get("properties") : copy.putObject("properties");
      ObjectNode desired = properties.has("desired") ? (ObjectNode) properties.get("desired")
          : properties.putObject("desired");
      a.desiredPatch().ifPresent(p -> {
        merge(desired, p.toObjectNode());
        desired.put("$version", desired.path("$version").asLong(1) + 1);
      });
      copy.set("configurations", a.configurations().toObjectNode());
      return copy;
    }).collect(Collectors.toList());
  }

  private static void merge(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      JsonNode value = e.getValue();
      if (value.isNull()) {
        target.remove(e.getKey());
      } else if (value.isObject()) {
        JsonNode current = target.get(e.getKey());
        ObjectNode base = current != null && current.isObject() ? (ObjectNode) current : target.putObject(e.getKey());
        merge(base, (ObjectNode) value);
      } else {
        target.set(e.getKey(), value.deepCopy());
      }
    }
  }
}
