package dev.converge.engine.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable JSON value as the engine sees it: the value of a configuration node, a desired group, or a reported
 * document.
 *
 * <p>{@link Absent} stands for "no value": a node that does not exist, or a JSON {@code null} in a twin patch, which
 * IoT Hub defines as delete. It is never stored inside an {@link Obj} document; deletes are values, not nulls.
 * Numbers compare by value ({@code 1} equals {@code 1.0}). Objects keep insertion order for stable output but
 * compare as maps.
 */
public sealed interface NodeValue
    permits NodeValue.Absent, NodeValue.Text, NodeValue.Num, NodeValue.Bool, NodeValue.Seq, NodeValue.Obj {

  ObjectMapper JSON = new ObjectMapper();

  /** No value: a missing node, or a delete in a twin patch. */
  record Absent() implements NodeValue {
    private static final Absent INSTANCE = new Absent();
  }

  record Text(String value) implements NodeValue {
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  record Num(BigDecimal value) implements NodeValue {
    public Num {
      Objects.requireNonNull(value, "value");
      // One representation per number, so 1, 1.0 and 1E0 are equal and hash alike.
      value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
  }

  record Bool(boolean value) implements NodeValue {}

  record Seq(List<NodeValue> items) implements NodeValue {
    public Seq {
      items = List.copyOf(items);
    }
  }

  /** A JSON object. Keys keep their insertion order; values are never {@link Absent} unless built as a patch. */
  record Obj(Map<String, NodeValue> fields) implements NodeValue {
    private static final Obj EMPTY = new Obj(Map.of());

    public Obj {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Obj empty() {
      return EMPTY;
    }

    public NodeValue get(String key) {
      NodeValue v = fields.get(key);
      return v == null ? absent() : v;
    }

    public boolean has(String key) {
      return fields.containsKey(key);
    }

    public Optional<Obj> object(String key) {
      return get(key) instanceof Obj o ? Optional.of(o) : Optional.empty();
    }

    public Optional<String> text(String key) {
      return get(key) instanceof Text t ? Optional.of(t.value()) : Optional.empty();
    }

    public Obj with(String key, NodeValue value) {
      LinkedHashMap<String, NodeValue> copy = new LinkedHashMap<>(fields);
      copy.put(key, value);
      return new Obj(copy);
    }

    public Obj without(String key) {
      if (!fields.containsKey(key)) {
        return this;
      }
      LinkedHashMap<String, NodeValue> copy = new LinkedHashMap<>(fields);
      copy.remove(key);
      return new Obj(copy);
    }

    public boolean isEmpty() {
      return fields.isEmpty();
    }
  }

  static Absent absent() {
    return Absent.INSTANCE;
  }

  static Text of(String value) {
    return new Text(value);
  }

  static Num of(long value) {
    return new Num(BigDecimal.valueOf(value));
  }

  static Num of(BigDecimal value) {
    return new Num(value);
  }

  static Bool of(boolean value) {
    return new Bool(value);
  }

  static Obj object(Map<String, NodeValue> fields) {
    return new Obj(fields);
  }

  static Obj object(String k1, NodeValue v1) {
    return new Obj(Map.of(k1, v1));
  }

  static Obj object(String k1, NodeValue v1, String k2, NodeValue v2) {
    LinkedHashMap<String, NodeValue> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return new Obj(m);
  }

  static Seq list(List<NodeValue> items) {
    return new Seq(items);
  }

  default boolean isAbsent() {
    return this instanceof Absent;
  }

  default boolean isPresent() {
    return !(this instanceof Absent);
  }

  /** Converts twin JSON into a value; JSON {@code null} becomes {@link Absent} (a delete in a patch). */
  static NodeValue fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return absent();
    }
    if (node.isTextual()) {
      return new Text(node.textValue());
    }
    if (node.isBoolean()) {
      return new Bool(node.booleanValue());
    }
    if (node.isNumber()) {
      if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
        throw new IllegalArgumentException("number " + node.asText() + " is out of range");
      }
      return new Num(node.decimalValue());
    }
    if (node.isArray()) {
      List<NodeValue> items = new ArrayList<>(node.size());
      node.forEach(n -> items.add(fromJson(n)));
      return new Seq(items);
    }
    if (node.isObject()) {
      LinkedHashMap<String, NodeValue> fields = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        fields.put(e.getKey(), fromJson(e.getValue()));
      }
      return new Obj(fields);
    }
    throw new IllegalArgumentException("unsupported JSON node type: " + node.getNodeType());
  }

  /**
   * Parses JSON text.
   *
   * @throws IllegalArgumentException naming the position when the text is not JSON
   */
  static NodeValue parse(String json) {
    try {
      return fromJson(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage() + " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr(), e);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a number is out of range: " + e.getMessage(), e);
    }
  }

  /** Converts to Jackson; {@link Absent} becomes JSON {@code null}. The result is a fresh mutable tree. */
  default JsonNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (this instanceof Text t) {
      return f.textNode(t.value());
    }
    if (this instanceof Bool b) {
      return f.booleanNode(b.value());
    }
    if (this instanceof Num n) {
      BigDecimal d = n.value();
      if (d.scale() <= 0) {
        BigInteger i = d.toBigInteger();
        if (i.bitLength() < 64) {
          return f.numberNode(i.longValue());
        }
        return f.numberNode(i);
      }
      return f.numberNode(d);
    }
    if (this instanceof Seq s) {
      ArrayNode a = f.arrayNode(s.items().size());
      s.items().forEach(v -> a.add(v.toJson()));
      return a;
    }
    if (this instanceof Obj o) {
      ObjectNode on = f.objectNode();
      o.fields().forEach((k, v) -> on.set(k, v.toJson()));
      return on;
    }
    return f.nullNode();
  }

  /** Compact JSON text. */
  default String toJsonText() {
    try {
      return JSON.writeValueAsString(toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a node value", e);
    }
  }

  /**
   * A SHA-256 digest of the value's JSON text, {@code sha256:<hex>}: how secrets (write-only properties) appear in
   * journals, reports and plans.
   */
  default String digest() {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(toJsonText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** A short human form for tables and messages: strings unquoted, everything else as JSON. */
  default String display() {
    if (this instanceof Text t) {
      return t.value();
    }
    if (this instanceof Absent) {
      return "(absent)";
    }
    return toJsonText();
  }
}
