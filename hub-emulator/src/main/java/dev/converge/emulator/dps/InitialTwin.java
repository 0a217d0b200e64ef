package dev.converge.emulator.dps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.twin.Twin;
import dev.converge.emulator.twin.TwinDocument;
import dev.converge.emulator.twin.TwinUpdate;
import java.util.Objects;

/**
 * The twin an enrollment gives a device when DPS creates it in the hub: tags and desired properties, checked against
 * IoT Hub's twin rules when the enrollment is made rather than when a device first registers.
 */
public record InitialTwin(TwinDocument tags, TwinDocument desired) {

  private static final InitialTwin NONE = new InitialTwin(TwinDocument.empty(), TwinDocument.empty());

  public InitialTwin {
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(desired, "desired");
    requireAccepted(new Twin().replaceTags(tags.toObjectNode()), "tags");
    requireAccepted(new Twin().replaceDesired(desired.toObjectNode()), "desired properties");
  }

  /** No tags and no desired properties. */
  public static InitialTwin none() {
    return NONE;
  }

  /** From two JSON objects; throws IllegalArgumentException when either breaks a twin rule. */
  public static InitialTwin of(JsonNode tags, JsonNode desired) {
    return new InitialTwin(TwinDocument.copyOf(tags), TwinDocument.copyOf(desired));
  }

  /** DPS's service-API shape: {@code {"tags": {...}, "properties": {"desired": {...}}}}; absent parts are empty. */
  static InitialTwin fromJson(JsonNode node) {
    JsonNode tags = node.path("tags");
    JsonNode desired = node.path("properties").path("desired");
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    return of(tags.isObject() ? tags : nodes.objectNode(), desired.isObject() ? desired : nodes.objectNode());
  }

  ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set("tags", tags.toObjectNode());
    node.putObject("properties").set("desired", desired.toObjectNode());
    return node;
  }

  private static void requireAccepted(TwinUpdate update, String what) {
    if (update instanceof TwinUpdate.Rejected rejected) {
      throw new IllegalArgumentException(
          "initial twin " + what + " break IoT Hub's twin rules: " + rejected.error().message());
    }
  }
}
