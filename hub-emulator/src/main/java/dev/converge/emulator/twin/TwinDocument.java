package dev.converge.emulator.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable JSON object: one twin section, a patch, or a notification.
 *
 * <p>The tree inside is never mutated and never handed out; {@link #toObjectNode()} returns a fresh copy. Numbers are
 * normalised on the way in (integers that fit a {@code long} become {@code long}, every other non-integer becomes a
 * {@code double}), so two documents with the same JSON text are {@link #equals equal} however they were built. Key
 * order does not affect equality, as in JSON.
 */
public final class TwinDocument {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final TwinDocument EMPTY = new TwinDocument(NODES.objectNode());

  private final ObjectNode node;

  private TwinDocument(ObjectNode owned) {
    this.node = owned;
  }

  /** The empty object {@code {}}. */
  public static TwinDocument empty() {
    return EMPTY;
  }

  /**
   * A normalised copy of {@code object}; later changes to {@code object} do not affect the document.
   *
   * @throws IllegalArgumentException if {@code object} is not a JSON object
   */
  public static TwinDocument copyOf(JsonNode object) {
    Objects.requireNonNull(object, "object");
    if (!object.isObject()) {
      throw new IllegalArgumentException("a twin document is a JSON object, not " + object.getNodeType());
    }
    return new TwinDocument((ObjectNode) normalisedCopy(object));
  }

  /** Takes ownership of a tree this package built and will not touch again. */
  static TwinDocument adopt(ObjectNode owned) {
    return new TwinDocument(owned);
  }

  /** A fresh, mutable copy of the document; changing it does not change this document. */
  public ObjectNode toObjectNode() {
    return node.deepCopy();
  }

  /** A copy of the member {@code key}, or {@code null} when the document has no such member. */
  public @Nullable JsonNode get(String key) {
    JsonNode value = node.get(key);
    return value == null ? null : value.deepCopy();
  }

  public boolean has(String key) {
    return node.has(key);
  }

  public boolean isEmpty() {
    return node.isEmpty();
  }

  /** Compact JSON text of the document. */
  public String toJson() {
    return node.toString();
  }

  /** Read-only access for this package, which must not mutate the result. */
  ObjectNode tree() {
    return node;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TwinDocument other && node.equals(other.node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  /** Deep copy with numbers normalised as described on the class. Non-JSON node types are copied as they are. */
  public static JsonNode normalisedCopy(JsonNode value) {
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        out.set(e.getKey(), normalisedCopy(e.getValue()));
      }
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode(value.size());
      for (JsonNode element : value) {
        out.add(normalisedCopy(element));
      }
      return out;
    }
    if (value.isIntegralNumber()) {
      BigInteger big = value.bigIntegerValue();
      return big.bitLength() < Long.SIZE ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
    }
    if (value.isNumber()) {
      return NODES.numberNode(value.doubleValue());
    }
    return value.deepCopy();
  }
}
