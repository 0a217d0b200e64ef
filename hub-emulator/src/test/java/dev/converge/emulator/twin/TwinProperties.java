package dev.converge.emulator.twin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random update sequences against an independent model of IoT Hub's rules.
 *
 * <p>The model below re-states the rules from the device twins page on plain Java maps, sharing no code with {@link
 * TwinRules} or {@link MergePatch}: its own key and value checks, its own size count (UTF-8 bytes after removing
 * {@code \p{Cc}}), its own merge. Each property replays a sequence of updates, some valid and some not, and checks
 * every decision, the resulting documents, the versions and the desired notifications.
 */
class TwinProperties {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long MIN = -4_503_599_627_370_496L;
  private static final long MAX = 4_503_599_627_370_495L;

  /** JSON null in the model (a map value of Java null would be ambiguous). */
  enum Null { NULL }

  enum Kind { PATCH_DESIRED, REPLACE_DESIRED, PATCH_REPORTED, PATCH_TAGS, REPLACE_TAGS }

  record Op(Kind kind, Map<String, Object> document) {
    TwinSection section() {
      return switch (kind) {
        case PATCH_DESIRED, REPLACE_DESIRED -> TwinSection.DESIRED;
        case PATCH_REPORTED -> TwinSection.REPORTED;
        case PATCH_TAGS, REPLACE_TAGS -> TwinSection.TAGS;
      };
    }

    boolean isReplace() {
      return kind == Kind.REPLACE_DESIRED || kind == Kind.REPLACE_TAGS;
    }

    TwinUpdate applyTo(Twin twin) {
      JsonNode json = toJson(document);
      return switch (kind) {
        case PATCH_DESIRED -> twin.patchDesired(json);
        case REPLACE_DESIRED -> twin.replaceDesired(json);
        case PATCH_REPORTED -> twin.patchReported(json);
        case PATCH_TAGS -> twin.patchTags(json);
        case REPLACE_TAGS -> twin.replaceTags(json);
      };
    }
  }

  @Property(tries = 300)
  void a_sequence_of_updates_leaves_the_twin_as_if_only_the_accepted_ones_were_applied(
      @ForAll("operations") List<Op> ops) {
    Twin twin = new Twin();
    Twin replay = new Twin();
    Map<TwinSection, Map<String, Object>> model = new EnumMap<>(TwinSection.class);
    for (TwinSection s : TwinSection.values()) {
      model.put(s, new LinkedHashMap<>());
    }
    long desiredVersion = 1;
    long reportedVersion = 1;
    long version = 1;

    for (Op op : ops) {
      TwinSnapshot before = twin.snapshot();
      Map<String, Object> base = op.isReplace() ? Map.of() : model.get(op.section());
      Map<String, Object> merged = merge(base, op.document());
      boolean valid = isValidDocument(op.document());
      boolean fits = size(merged) <= op.section().maxSize();

      TwinUpdate update = op.applyTo(twin);

      Statistics.label("outcome").collect(!valid ? "invalid" : fits ? "accepted" : "too large");
      assertThat(update.isAccepted())
          .as("decision for %s %s", op.kind(), printable(toJson(op.document()).toString()))
          .isEqualTo(valid && fits);
      if (!update.isAccepted()) {
        TwinError error = ((TwinUpdate.Rejected) update).error();
        assertThat(error.status()).isEqualTo(valid ? 403 : 400);
        assertThat(twin.snapshot()).isEqualTo(before);
        continue;
      }
      assertThat(op.applyTo(replay).isAccepted()).isTrue();
      Map<String, Object> previous = model.get(op.section());
      model.put(op.section(), merged);
      version++;
      if (op.section() == TwinSection.DESIRED) {
        desiredVersion++;
        Map<String, Object> pushed = new LinkedHashMap<>(op.isReplace() ? existenceDiff(previous, merged)
            : op.document());
        pushed.put("$version", desiredVersion);
        assertThat(((TwinUpdate.Accepted) update).desiredNotification())
            .contains(TwinDocument.copyOf(toJson(pushed)));
      } else if (op.section() == TwinSection.REPORTED) {
        reportedVersion++;
      }
    }

    TwinSnapshot end = twin.snapshot();
    assertThat(end.tags()).isEqualTo(TwinDocument.copyOf(toJson(model.get(TwinSection.TAGS))));
    assertThat(end.desired()).isEqualTo(TwinDocument.copyOf(toJson(model.get(TwinSection.DESIRED))));
    assertThat(end.reported()).isEqualTo(TwinDocument.copyOf(toJson(model.get(TwinSection.REPORTED))));
    assertThat(end.desiredVersion()).isEqualTo(desiredVersion);
    assertThat(end.reportedVersion()).isEqualTo(reportedVersion);
    assertThat(end.version()).isEqualTo(version);
    assertThat(replay.snapshot()).isEqualTo(end);
    Statistics.label("outcome").coverage(c -> {
      c.check("accepted").count(n -> n > 0);
      c.check("invalid").count(n -> n > 0);
      c.check("too large").count(n -> n > 0);
    });
  }

  @Property(tries = 300)
  void size_accounting_never_lets_an_accepted_section_exceed_its_limit(@ForAll("bulkyOperations") List<Op> ops) {
    Twin twin = new Twin();
    for (Op op : ops) {
      TwinUpdate update = op.applyTo(twin);
      if (update.isAccepted()) {
        TwinSnapshot s = ((TwinUpdate.Accepted) update).twin();
        for (TwinSection section : TwinSection.values()) {
          ObjectNode document = section(section, s).toObjectNode();
          assertThat(size(fromJson(document))).isLessThanOrEqualTo(section.maxSize());
          assertThat(TwinRules.size(document)).isEqualTo(size(fromJson(document)));
        }
        Statistics.label("outcome").collect("accepted");
      } else {
        Statistics.label("outcome").collect("rejected " + ((TwinUpdate.Rejected) update).error().status());
      }
    }
    Statistics.label("outcome").coverage(c -> {
      c.check("accepted").count(n -> n > 0);
      c.check("rejected 403").count(n -> n > 0);
    });
  }

  /** Escapes what a console or report would swallow, so a failing sample can be read. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? Character.toString(cp)
        : String.format("\\u%04x", cp)));
    return out.toString();
  }

  // --- generators ---

  @Provide
  Arbitrary<List<Op>> operations() {
    return op(document(0)).list().ofMinSize(1).ofMaxSize(30);
  }

  /** Few keys and long strings, so sections reach and cross their limits within a sequence. */
  @Provide
  Arbitrary<List<Op>> bulkyOperations() {
    Arbitrary<Object> bulky = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(2000, 4096).map(n -> (Object) "é".repeat(n / 2))),
        Tuple.of(3, Arbitraries.integers().between(3500, 4096).map(n -> (Object) "x".repeat(n))),
        Tuple.of(1, Arbitraries.just(Null.NULL)));
    Arbitrary<Map<String, Object>> doc = Arbitraries.maps(Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "i",
        "j", "k"), bulky).ofMinSize(1).ofMaxSize(4);
    return op(doc).list().ofMinSize(5).ofMaxSize(40);
  }

  private static Arbitrary<Op> op(Arbitrary<Map<String, Object>> documents) {
    return Combinators.combine(Arbitraries.of(Kind.class), documents).as(Op::new);
  }

  private static Arbitrary<Map<String, Object>> document(int depth) {
    return Arbitraries.maps(key(), value(depth)).ofMaxSize(depth == 0 ? 4 : 3);
  }

  private static Arbitrary<String> key() {
    return Arbitraries.frequencyOf(
        Tuple.of(60, Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "über", "€uro")),
        Tuple.of(1, Arbitraries.of("bad.key", "$version", "a b", "", "bell\u0007", "c1\u0085", "del\u007f")),
        Tuple.of(1, Arbitraries.integers().between(1020, 1030).map("k"::repeat)));
  }

  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("a", "z", " ", "é", "€", "😀", "\u0001", "\u0085", "\u00a0").list().ofMaxSize(40)
            .map(chars -> (Object) String.join("", chars))),
        Tuple.of(10, Arbitraries.integers().between(1000, 1370).map(n -> (Object) "€".repeat(n))),
        Tuple.of(4, Arbitraries.longs().between(-1000, 1000).map(n -> (Object) n)),
        Tuple.of(1, Arbitraries.of(MIN, MAX, MIN - 1, MAX + 1, new BigInteger("99999999999999999999"))),
        Tuple.of(2, Arbitraries.doubles().between(-1e6, 1e6).map(d -> (Object) d)),
        Tuple.of(2, Arbitraries.of(true, false).map(b -> (Object) b)),
        Tuple.of(4, Arbitraries.just(Null.NULL)));
    if (depth >= 12) {
      return scalar;
    }
    Arbitrary<Object> array = Arbitraries.frequencyOf(
            Tuple.of(30, Arbitraries.lazy(() -> value(depth + 1)).filter(v -> v != Null.NULL)),
            Tuple.of(1, Arbitraries.just((Object) Null.NULL)))
        .list().ofMaxSize(3).map(l -> (Object) l);
    Arbitrary<Object> object = Arbitraries.lazy(() -> document(depth + 1)).map(m -> (Object) m);
    Arbitrary<Object> chain = Arbitraries.integers().between(8, 12).map(n -> (Object) chain(n));
    return Arbitraries.frequencyOf(
        Tuple.of(10, scalar), Tuple.of(2, array), Tuple.of(3, object), Tuple.of(depth == 0 ? 1 : 0, chain));
  }

  /** {@code n} nested objects: {"n1":{"n2":…{"leaf":true}}}. */
  private static Map<String, Object> chain(int n) {
    Map<String, Object> inner = new LinkedHashMap<>(Map.of("leaf", true));
    for (int i = n; i >= 2; i--) {
      inner = new LinkedHashMap<>(Map.of("n" + i, inner));
    }
    return inner;
  }

  // --- the independent model of IoT Hub's rules ---

  private static boolean isValidDocument(Map<String, Object> object) {
    return isValidObject(object, 0);
  }

  /** {@code depth} is the nesting level of {@code object} itself; the section root is 0. */
  private static boolean isValidObject(Map<String, Object> object, int depth) {
    if (depth > 10) {
      return false;
    }
    for (Map.Entry<String, Object> e : object.entrySet()) {
      String key = e.getKey();
      if (key.isEmpty() || utf8(key) > 1024 || key.matches("(?s).*[.$ \\p{Cc}].*")) {
        return false;
      }
      if (e.getValue() != Null.NULL && !isValidValue(e.getValue(), depth)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isValidValue(Object value, int parentDepth) {
    if (value instanceof Map<?, ?> map) {
      return isValidObject(cast(map), parentDepth + 1);
    }
    if (value instanceof List<?> list) {
      return list.stream().allMatch(v -> v != Null.NULL && isValidValue(v, parentDepth));
    }
    if (value instanceof String s) {
      return utf8(s) <= 4096;
    }
    if (value instanceof Long n) {
      return n >= MIN && n <= MAX;
    }
    if (value instanceof BigInteger) {
      return false;
    }
    return value instanceof Double || value instanceof Boolean;
  }

  private static long size(Map<String, Object> object) {
    long total = 0;
    for (Map.Entry<String, Object> e : object.entrySet()) {
      total += countable(e.getKey()) + valueSize(e.getValue());
    }
    return total;
  }

  private static long valueSize(Object value) {
    if (value instanceof Map<?, ?> map) {
      return size(cast(map));
    }
    if (value instanceof List<?> list) {
      return list.stream().mapToLong(TwinProperties::valueSize).sum();
    }
    if (value instanceof String s) {
      return countable(s);
    }
    if (value == Null.NULL) {
      return 0; // a null kept inside an array element's object counts nothing, as TwinRules documents
    }
    return value instanceof Boolean ? 4 : 8;
  }

  private static long countable(String s) {
    return utf8(s.replaceAll("\\p{Cc}", ""));
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
    Map<String, Object> out = new LinkedHashMap<>(target);
    patch.forEach((key, value) -> {
      if (value == Null.NULL) {
        out.remove(key);
      } else if (value instanceof Map<?, ?> map) {
        Object current = out.get(key);
        out.put(key, merge(current instanceof Map<?, ?> m ? cast(m) : Map.of(), cast(map)));
      } else {
        out.put(key, value);
      }
    });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  // --- conversions between the model and JSON ---

  static JsonNode toJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      ObjectNode out = NODES.objectNode();
      map.forEach((k, v) -> out.set((String) k, toJson(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      ArrayNode out = NODES.arrayNode();
      list.forEach(v -> out.add(toJson(v)));
      return out;
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Long n) {
      return NODES.numberNode(n);
    }
    if (value instanceof BigInteger n) {
      return NODES.numberNode(n);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    return NODES.nullNode();
  }

  private static Map<String, Object> fromJson(ObjectNode object) {
    Map<String, Object> out = new LinkedHashMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), fromJsonValue(e.getValue())));
    return out;
  }

  private static Object fromJsonValue(JsonNode node) {
    if (node.isObject()) {
      return fromJson((ObjectNode) node);
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(n -> out.add(fromJsonValue(n)));
      return out;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.isIntegralNumber() ? (Object) node.longValue() : (Object) node.doubleValue();
  }

  private static TwinDocument section(TwinSection section, TwinSnapshot s) {
    return switch (section) {
      case TAGS -> s.tags();
      case DESIRED -> s.desired();
      case REPORTED -> s.reported();
    };
  }

  /**
   * The model of a replacement's notification (IoT Hub diffs by existence): every member of the new document, objects
   * present before and after diffed the same way, and null for members that are gone.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> existenceDiff(Map<String, Object> old, Map<String, Object> now) {
    Map<String, Object> out = new LinkedHashMap<>();
    now.forEach((k, v) -> out.put(k, old.get(k) instanceof Map<?, ?> o && v instanceof Map<?, ?> n
        ? existenceDiff((Map<String, Object>) o, (Map<String, Object>) n) : v));
    old.keySet().forEach(k -> {
      if (!now.containsKey(k)) {
        out.put(k, null);
      }
    });
    return out;
  }
}
