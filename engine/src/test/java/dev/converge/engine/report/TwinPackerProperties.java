package dev.converge.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;

class TwinPackerProperties {

  private final TwinPacker packer = new TwinPacker();

  @Property(tries = 300)
  void packed_documents_are_always_within_the_twin_limits(@ForAll("reported") NodeValue.Obj reported) {
    long size = TwinLimits.size(reported);
    Statistics.label("input size").collect(size <= 32_768 ? "≤ 32 KB" : size <= 100_000 ? "≤ 100 KB"
        : size <= 250_000 ? "≤ 250 KB" : "> 250 KB");
    Statistics.label("within limits").collect(TwinLimits.isWithinLimits(reported));
    TwinPacker.Packed packed = packer.pack(reported);
    Statistics.label("last trimming step").collect(lastStep(packed.trimmed()));

    assertThat(TwinLimits.violations(packed.document())).isEmpty();
    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    assertThat(TwinLimits.size(packed.document())).isLessThanOrEqualTo(TwinLimits.MAX_DOCUMENT_BYTES);
    assertThat(TwinLimits.depth(packed.document())).isLessThanOrEqualTo(TwinLimits.MAX_DEPTH);
  }

  @Property(tries = 300)
  void every_group_keeps_its_deployment_status_or_is_named_as_dropped(
      @ForAll("reported") NodeValue.Obj reported) {
    TwinPacker.Packed packed = packer.pack(reported);
    boolean rewritten = packed.document() != reported;

    for (Map.Entry<String, NodeValue> e : reported.fields().entrySet()) {
      String group = e.getKey();
      if (!(e.getValue() instanceof NodeValue.Obj g) || group.equals("__summary")
          || group.equals("__deviceSchemas")) {
        continue;
      }
      String key = rewritten ? TwinLimits.encodeKey(group) : group;
      String dropped = TwinPath.label(group) + ": group dropped";
      if (!packed.document().has(key)) {
        assertThat(packed.trimmed()).as("group %s is gone", group).anyMatch(t -> t.startsWith(dropped));
        continue;
      }
      NodeValue status = g.object("__meta").map(m -> m.get("deploymentStatus")).orElse(NodeValue.absent());
      if (status instanceof NodeValue.Text t && TwinText.utf8Length(t.value()) <= TwinLimits.MAX_STRING_BYTES) {
        NodeValue.Obj out = (NodeValue.Obj) packed.document().get(key);
        assertThat(out.object("__meta").map(m -> m.get("deploymentStatus"))).as("status of %s", group)
            .hasValue(status);
      }
    }
  }

  @Property(tries = 200)
  void packing_is_idempotent(@ForAll("reported") NodeValue.Obj reported) {
    NodeValue.Obj once = packer.pack(reported).document();

    TwinPacker.Packed twice = packer.pack(once);

    assertThat(twice.document()).isEqualTo(once);
    assertThat(twice.trimmed()).isEmpty();
  }

  @Property(tries = 200)
  void a_document_within_limits_comes_back_as_the_same_instance(@ForAll("small") NodeValue.Obj reported) {
    TwinPacker.Packed packed = packer.pack(reported);

    assertThat(packed.document() == reported).isEqualTo(TwinLimits.isWithinLimits(reported));
  }

  @Property(tries = 200)
  void a_trimmed_summary_written_by_the_packer_is_capped_and_backed_by_notes(
      @ForAll("reported") NodeValue.Obj reported) {
    TwinPacker.Packed packed = packer.pack(reported);

    boolean hadOne = reported.object("__summary").map(s -> s.has("trimmed")).orElse(false);
    NodeValue after = packed.document().object("__summary").map(s -> s.get("trimmed")).orElse(NodeValue.absent());
    if (!hadOne && after.isPresent()) {
      assertThat(after).isInstanceOf(NodeValue.Text.class);
      assertThat(TwinText.utf8Length(((NodeValue.Text) after).value()))
          .isLessThanOrEqualTo(TwinPacker.SUMMARY_TRIMMED_MAX_BYTES);
      assertThat(packed.trimmed()).isNotEmpty();
    }
  }

  @Property(tries = 1000)
  void encoded_keys_are_legal_and_decode_to_the_original(@ForAll("keys") String key) {
    String encoded = TwinLimits.encodeKey(key);

    assertThat(TwinLimits.isLegalKey(encoded)).isTrue();
    if (!KeyEncoding.isShortened(encoded)) {
      assertThat(TwinLimits.decodeKey(encoded)).isEqualTo(key);
    }
  }

  @Property(tries = 1000)
  void different_keys_encode_differently(@ForAll("keys") String a, @ForAll("keys") String b) {
    if (!a.equals(b)) {
      assertThat(TwinLimits.encodeKey(a)).isNotEqualTo(TwinLimits.encodeKey(b));
    }
  }

  /** The furthest step of the packer that a list of notes shows, for the statistics. */
  private static String lastStep(List<String> notes) {
    List<String> steps = List.of("none", "1 legal", "2a drift", "2b errors", "2c schemas", "2d properties",
        "2e errors counted", "2e summary", "2e status only", "2e dropped");
    int last = 0;
    for (String note : notes) {
      int step;
      if (note.endsWith(": dropped") && !note.startsWith("__summary.") || note.contains("group dropped")) {
        step = 9;
      } else if (note.endsWith("deploymentStatus") || note.endsWith("group emptied")) {
        step = 8;
      } else if (note.startsWith("__summary.")) {
        step = 7;
      } else if (note.contains("errors dropped, only their count")) {
        step = 6;
      } else if (note.contains("properties omitted") || note.endsWith("value dropped")
          || note.startsWith("__deviceSchemas: ") && note.contains("only their count")) {
        step = 5;
      } else if (note.startsWith("__deviceSchemas: tags")) {
        step = 4;
      } else if (note.contains("errors shortened")) {
        step = 3;
      } else if (note.contains("__drift: ")) {
        step = 2;
      } else {
        step = 1;
      }
      last = Math.max(last, step);
    }
    return steps.get(last);
  }

  // Generators

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.strings().alpha().numeric().withChars('_', '-').ofMinLength(1).ofMaxLength(12)),
        Tuple.of(3, Arbitraries.strings().withChars("ab.$ %2Eu_~\u0000\n\u007F\u0085é😀").ofMaxLength(10)),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)),
        Tuple.of(1, Arbitraries.integers().between(300, 1400).map(n -> "k.".repeat(n))),
        Tuple.of(1, Arbitraries.integers().between(1000, 1100).map(n -> "é".repeat(n / 2) + "x".repeat(n % 3))),
        Tuple.of(1, Arbitraries.of("__meta", "__errors", "__drift", "__summary", "__deviceSchemas", "__count",
            "__trimmed", "trimmed", "%2E", "%_", "%25", "a%2Eb", "%uD800")));
  }

  /**
   * Reported documents from a few bytes to a few hundred KB: groups with properties, {@code __meta},
   * {@code __errors} and {@code __drift}, plus {@code __summary}, {@code __deviceSchemas} and odd top-level values;
   * with huge strings, deep nesting, out-of-range numbers, illegal and over-long keys, and unexpected shapes.
   *
   * <p>Built from a seeded {@link Random} rather than composed arbitraries: jqwik compares nested arbitraries
   * structurally, which gets very slow for deeply recursive ones. No shrinking; failures print the seed.
   */
  @Provide
  Arbitrary<NodeValue.Obj> reported() {
    return Arbitraries.randomValue(random -> new RandomReported(random).document());
  }

  private static final class RandomReported {
    private final Random r;

    RandomReported(Random r) {
      this.r = r;
    }

    private boolean chance(double p) {
      return r.nextDouble() < p;
    }

    private String pick(String... options) {
      return options[r.nextInt(options.length)];
    }

    private String string(String alphabet, int maxLength) {
      int n = r.nextInt(maxLength + 1);
      StringBuilder b = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      return b.toString();
    }

    String key() {
      double k = r.nextDouble();
      if (k < 0.55) {
        return string("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_-", 11) + "k";
      }
      if (k < 0.8) {
        return string("ab.$ %2Eu_~\u0000\n\u007F\u0085é😀", 10);
      }
      if (k < 0.85) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(7); i > 0; i--) {
          b.append((char) r.nextInt(0x10000));
        }
        return b.toString();
      }
      if (k < 0.9) {
        return (chance(0.5) ? "k." : "é").repeat(300 + r.nextInt(900));
      }
      return pick("__meta", "__errors", "__drift", "__summary", "__deviceSchemas", "__count", "__trimmed",
          "trimmed", "%2E", "%_", "%25", "a%2Eb", "%uD800", "deploymentStatus");
    }

    NodeValue scalar() {
      double k = r.nextDouble();
      if (k < 0.5) {
        return NodeValue.of(string("abc xyz.$é€😀\u0001\"\\", 30));
      }
      if (k < 0.7) {
        return NodeValue.of(r.nextLong() >> r.nextInt(64));
      }
      if (k < 0.8) {
        return NodeValue.of(new BigDecimal(BigInteger.valueOf(r.nextInt(200_000) - 100_000), r.nextInt(81) - 40));
      }
      if (k < 0.9) {
        return NodeValue.of(r.nextBoolean());
      }
      if (k < 0.95) {
        return NodeValue.absent();
      }
      return NodeValue.of(new BigDecimal(BigInteger.TWO.pow(52 + r.nextInt(3)).add(BigInteger.valueOf(r.nextInt(3)
          - 2)).multiply(BigInteger.valueOf(r.nextBoolean() ? 1 : -1))));
    }

    /** Up to 9000 characters of one kind: up to 36 KB. */
    NodeValue bigText() {
      return NodeValue.of(pick("x", "é", "€", "😀", "\u0085", "\uD800", "\"").repeat(r.nextInt(9001)));
    }

    /** A scalar, or objects and arrays nested up to {@code levels} deep. */
    NodeValue value(int levels) {
      if (levels == 0 || chance(0.45)) {
        return chance(0.03) ? bigText() : scalar();
      }
      int n = r.nextInt(4);
      if (chance(0.3)) {
        List<NodeValue> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(value(levels - 1));
        }
        return NodeValue.list(items);
      }
      LinkedHashMap<String, NodeValue> fields = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        fields.put(key(), value(levels - 1));
      }
      return NodeValue.object(fields);
    }

    /** What a property holds: usually a modest value, sometimes a deep or huge one. */
    NodeValue property() {
      if (chance(0.02)) {
        return bigText();
      }
      return value(chance(0.05) ? 16 : 3);
    }

    NodeValue.Obj meta() {
      LinkedHashMap<String, NodeValue> m = new LinkedHashMap<>();
      m.put("deploymentId", NodeValue.of(string("abcdef-0123", 40)));
      m.put("deploymentStatus", NodeValue.of(pick("pending", "succeeded", "failed", "blocked", "drifted",
          "unsupported")));
      m.put("time", NodeValue.of("2026-11-26T04:00:00Z"));
      m.put("deviceInterfaceVersion", NodeValue.of("1.0.0"));
      m.put("desiredVersion", NodeValue.of(r.nextInt(1000)));
      if (chance(0.05)) {
        m.put(key(), property());
      }
      return NodeValue.object(m);
    }

    NodeValue errors() {
      if (chance(0.05)) {
        return property();
      }
      LinkedHashMap<String, NodeValue> errors = new LinkedHashMap<>();
      for (int i = r.nextInt(8); i > 0; i--) {
        LinkedHashMap<String, NodeValue> e = new LinkedHashMap<>();
        e.put("subsystem", NodeValue.of("adapter"));
        e.put("context", chance(0.9) ? NodeValue.of("replace") : property());
        e.put("code", NodeValue.of(1014));
        e.put("message", NodeValue.of("m".repeat(chance(0.85) ? r.nextInt(300) : r.nextInt(6000))));
        LinkedHashMap<String, NodeValue> parameters = new LinkedHashMap<>();
        for (int j = r.nextInt(7); j > 0; j--) {
          parameters.put(key(), chance(0.8) ? scalar() : property());
        }
        e.put("parameters", NodeValue.object(parameters));
        errors.put(key(), chance(0.95) ? NodeValue.object(e) : property());
      }
      return NodeValue.object(errors);
    }

    NodeValue drift() {
      if (chance(0.05)) {
        return property();
      }
      LinkedHashMap<String, NodeValue> drift = new LinkedHashMap<>();
      for (int i = r.nextInt(chance(0.1) ? 150 : 15); i > 0; i--) {
        LinkedHashMap<String, NodeValue> d = new LinkedHashMap<>();
        d.put("desired", chance(0.01) ? bigText() : value(2));
        d.put("actual", chance(0.01) ? bigText() : value(2));
        d.put("detected", NodeValue.of("2026-11-26T05:00:00Z"));
        d.put("action", NodeValue.of(pick("remediated", "reported")));
        drift.put(key(), chance(0.95) ? NodeValue.object(d) : property());
      }
      return NodeValue.object(drift);
    }

    NodeValue.Obj group() {
      LinkedHashMap<String, NodeValue> g = new LinkedHashMap<>();
      for (int i = r.nextInt(chance(0.1) ? 60 : 10); i > 0; i--) {
        g.put(key(), property());
      }
      if (chance(0.9)) {
        g.put("__meta", chance(0.97) ? meta() : property());
      }
      if (chance(0.5)) {
        g.put("__errors", errors());
      }
      if (chance(0.5)) {
        g.put("__drift", drift());
      }
      return NodeValue.object(g);
    }

    NodeValue.Obj smallGroup() {
      LinkedHashMap<String, NodeValue> g = new LinkedHashMap<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        g.put(key(), scalar());
      }
      if (chance(0.9)) {
        g.put("__meta", meta());
      }
      if (chance(0.3)) {
        LinkedHashMap<String, NodeValue> e = new LinkedHashMap<>();
        e.put("code", NodeValue.of(1014));
        e.put("message", NodeValue.of(string("abc ", 100)));
        g.put("__errors", NodeValue.object(key(), NodeValue.object(e)));
      }
      return NodeValue.object(g);
    }

    NodeValue deviceSchemas() {
      if (chance(0.1)) {
        return property();
      }
      LinkedHashMap<String, NodeValue> schemas = new LinkedHashMap<>();
      for (int i = r.nextInt(300); i > 0; i--) {
        List<NodeValue> tags = new ArrayList<>();
        for (int j = r.nextInt(8); j > 0; j--) {
          tags.add(scalar());
        }
        LinkedHashMap<String, NodeValue> s = new LinkedHashMap<>();
        s.put("type", NodeValue.of(string("abcdefgh.", 30)));
        s.put("tags", NodeValue.list(tags));
        s.put("interfaceVersion", NodeValue.of("1.0.0"));
        schemas.put(key(), chance(0.95) ? NodeValue.object(s) : property());
      }
      return NodeValue.object(schemas);
    }

    NodeValue summary() {
      if (chance(0.1)) {
        return property();
      }
      LinkedHashMap<String, NodeValue> s = new LinkedHashMap<>();
      s.put("failedCount", NodeValue.of(r.nextInt(100)));
      List<NodeValue> failed = new ArrayList<>();
      for (int i = r.nextInt(200); i > 0; i--) {
        failed.add(NodeValue.of(key()));
      }
      s.put("failedGroups", NodeValue.list(failed));
      s.put("time", NodeValue.of("2026-11-26T04:00:00Z"));
      if (chance(0.2)) {
        s.put("trimmed", property());
      }
      return NodeValue.object(s);
    }

    NodeValue.Obj document() {
      LinkedHashMap<String, NodeValue> doc = new LinkedHashMap<>();
      double scale = r.nextDouble();
      if (scale < 0.9) {
        int groups = scale < 0.4 ? r.nextInt(5) : scale < 0.75 ? r.nextInt(25) : r.nextInt(60);
        for (int i = 0; i < groups; i++) {
          doc.put(key(), group());
        }
      } else {
        // A device with very many small groups: only the last-resort steps can fit it.
        for (int i = 200 + r.nextInt(1300); i > 0; i--) {
          doc.put(key() + i, smallGroup());
        }
      }
      for (int i = r.nextInt(4); i > 1; i--) {
        doc.put(key(), property());
      }
      if (chance(0.7)) {
        doc.put("__summary", summary());
      }
      if (chance(0.5)) {
        doc.put("__deviceSchemas", deviceSchemas());
      }
      return NodeValue.object(doc);
    }
  }

  private static Arbitrary<NodeValue.Obj> objects(Arbitrary<String> keys, Arbitrary<NodeValue> values, int max) {
    return Arbitraries.maps(keys, values).ofMaxSize(max).map(NodeValue::object);
  }

  private static Arbitrary<NodeValue.Obj> metas() {
    return Combinators.combine(
            Arbitraries.of("pending", "succeeded", "failed", "blocked", "drifted", "unsupported"),
            Arbitraries.strings().ofMaxLength(40), Arbitraries.integers())
        .as((status, deployment, version) -> {
          LinkedHashMap<String, NodeValue> m = new LinkedHashMap<>();
          m.put("deploymentId", NodeValue.of(deployment));
          m.put("deploymentStatus", NodeValue.of(status));
          m.put("time", NodeValue.of("2026-11-26T04:00:00Z"));
          m.put("desiredVersion", NodeValue.of(version));
          return NodeValue.object(m);
        });
  }

  /** Mostly documents that are already within the limits. */
  @Provide
  Arbitrary<NodeValue.Obj> small() {
    Arbitrary<NodeValue> leaves = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.strings().alpha().ofMaxLength(20).map(NodeValue::of)),
        Tuple.of(1, Arbitraries.integers().map(NodeValue::of)),
        Tuple.of(1, Arbitraries.just(NodeValue.of(true))));
    Arbitrary<NodeValue.Obj> group = Combinators.combine(objects(keys(), leaves, 6), metas())
        .as((p, m) -> p.with("__meta", m));
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10), group).ofMaxSize(10)
        .map(m -> NodeValue.object(Map.copyOf(m)));
  }
}
