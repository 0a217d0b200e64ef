package dev.converge.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwinPackerTest {

  private final TwinPacker packer = new TwinPacker();

  // Building blocks of a reported document, in the layout of DESIGN.md "Twin conventions".

  private static NodeValue text(char c, int bytes) {
    return NodeValue.of(String.valueOf(c).repeat(bytes));
  }

  private static NodeValue.Obj meta(String status) {
    LinkedHashMap<String, NodeValue> m = new LinkedHashMap<>();
    m.put("deploymentId", NodeValue.of("dep-1"));
    m.put("deploymentStatus", NodeValue.of(status));
    m.put("time", NodeValue.of("2026-11-26T04:00:00Z"));
    m.put("deviceInterfaceVersion", NodeValue.of("1.0.0"));
    m.put("desiredVersion", NodeValue.of(17));
    return NodeValue.object(m);
  }

  private static NodeValue.Obj error(int messageBytes, int parameters) {
    LinkedHashMap<String, NodeValue> p = new LinkedHashMap<>();
    for (int i = 0; i < parameters; i++) {
      p.put("parameter" + i, NodeValue.of("./Device/Node/" + i));
    }
    LinkedHashMap<String, NodeValue> e = new LinkedHashMap<>();
    e.put("subsystem", NodeValue.of("adapter"));
    e.put("context", NodeValue.of("replace"));
    e.put("code", NodeValue.of(1014));
    e.put("message", text('m', messageBytes));
    e.put("parameters", NodeValue.object(p));
    return NodeValue.object(e);
  }

  private static NodeValue.Obj driftEntry(NodeValue desired, NodeValue actual) {
    LinkedHashMap<String, NodeValue> d = new LinkedHashMap<>();
    d.put("desired", desired);
    d.put("actual", actual);
    d.put("detected", NodeValue.of("2026-11-26T05:00:00Z"));
    d.put("action", NodeValue.of("remediated"));
    return NodeValue.object(d);
  }

  /** A group with {@code properties} values of {@code propertyBytes}, plus optional errors and drift. */
  private static GroupBuilder group(int properties, int propertyBytes) {
    return new GroupBuilder(properties, propertyBytes);
  }

  private static final class GroupBuilder {
    final LinkedHashMap<String, NodeValue> fields = new LinkedHashMap<>();

    GroupBuilder(int properties, int propertyBytes) {
      for (int i = 0; i < properties; i++) {
        fields.put("p" + i, text('v', propertyBytes));
      }
      fields.put("__meta", meta("failed"));
    }

    GroupBuilder errors(int count, int messageBytes, int parameters) {
      LinkedHashMap<String, NodeValue> e = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        e.put("p" + i, error(messageBytes, parameters));
      }
      fields.put("__errors", NodeValue.object(e));
      return this;
    }

    GroupBuilder drift(int count, int valueBytes) {
      LinkedHashMap<String, NodeValue> d = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        d.put("p" + i, driftEntry(text('d', valueBytes), text('a', valueBytes)));
      }
      fields.put("__drift", NodeValue.object(d));
      return this;
    }

    NodeValue.Obj build() {
      return NodeValue.object(fields);
    }
  }

  private static NodeValue.Obj document(Object... keysAndValues) {
    LinkedHashMap<String, NodeValue> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      m.put((String) keysAndValues[i], v instanceof GroupBuilder g ? g.build() : (NodeValue) v);
    }
    return NodeValue.object(m);
  }

  private static NodeValue.Obj obj(NodeValue doc, String... path) {
    NodeValue v = doc;
    for (String k : path) {
      v = ((NodeValue.Obj) v).get(k);
    }
    return (NodeValue.Obj) v;
  }

  private static String trimmedSummary(TwinPacker.Packed packed) {
    return packed.document().object("__summary").flatMap(s -> s.text("trimmed")).orElseThrow();
  }

  // Already within limits

  @Test
  void a_document_within_limits_is_returned_as_the_same_instance() {
    NodeValue.Obj doc = document("timeInfo", group(2, 20).errors(1, 50, 2).drift(1, 10), "__summary",
        NodeValue.object("failedCount", NodeValue.of(1)));

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(packed.document()).isSameAs(doc);
    assertThat(packed.trimmed()).isEmpty();
    assertThat(packed.isTrimmed()).isFalse();
  }

  // Step 1

  @Test
  void illegal_keys_are_escaped_and_nothing_is_reported_as_trimmed() {
    NodeValue.Obj doc = document("files", document("/etc/motd.conf", NodeValue.of("hi"), "a b", NodeValue.of(1),
        "$x", NodeValue.of(true), "ok", NodeValue.of("yes")));

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(packed.document()).isEqualTo(document("files", document("/etc/motd%2Econf", NodeValue.of("hi"),
        "a%20b", NodeValue.of(1), "%24x", NodeValue.of(true), "ok", NodeValue.of("yes"))));
    assertThat(packed.trimmed()).isEmpty();
    assertThat(packed.document().has("__summary")).isFalse();
  }

  @Test
  void when_a_document_must_be_rewritten_every_key_that_decodes_differently_is_escaped() {
    // Keeps keys unambiguous: "a.b" and a literal "a%2Eb" must not both become "a%2Eb".
    NodeValue.Obj doc = document("g", document("a.b", NodeValue.of(1), "a%2Eb", NodeValue.of(2)));

    NodeValue.Obj packed = packer.pack(doc).document();

    assertThat(obj(packed, "g").fields()).containsOnlyKeys("a%2Eb", "a%252Eb");
    assertThat(obj(packed, "g").get("a%2Eb")).isEqualTo(NodeValue.of(1));
    assertThat(obj(packed, "g").get("a%252Eb")).isEqualTo(NodeValue.of(2));
  }

  @Test
  void a_number_outside_the_integer_range_becomes_its_decimal_string() {
    NodeValue.Obj doc = document("g", document("big", NodeValue.of(new BigDecimal("4503599627370496")),
        "huge", NodeValue.of(new BigDecimal("-1E+60")), "fine", NodeValue.of(TwinLimits.MAX_INTEGER)));

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(obj(packed.document(), "g").get("big")).isEqualTo(NodeValue.of("4503599627370496"));
    assertThat(obj(packed.document(), "g").get("huge")).isEqualTo(NodeValue.of("-1E+60"));
    assertThat(obj(packed.document(), "g").get("fine")).isEqualTo(NodeValue.of(TwinLimits.MAX_INTEGER));
    assertThat(packed.trimmed()).containsExactly(
        "g.big: number outside the twin integer range reported as a string",
        "g.huge: number outside the twin integer range reported as a string");
  }

  @Test
  void a_string_over_4_kb_is_truncated_with_a_visible_suffix_that_says_how_much() {
    String log = "é".repeat(3000) + "tail"; // 6004 bytes
    NodeValue.Obj doc = document("logs", document("last", NodeValue.of(log)));

    TwinPacker.Packed packed = packer.pack(doc);

    String truncated = obj(packed.document(), "logs").text("last").orElseThrow();
    assertThat(TwinText.utf8Length(truncated)).isLessThanOrEqualTo(4096).isGreaterThan(4050);
    assertThat(truncated).startsWith("ééé").matches("(?s)é+…\\[truncated \\d+ bytes]");
    int dropped = Integer.parseInt(truncated.replaceAll("(?s).*truncated (\\d+) bytes]", "$1"));
    String kept = truncated.substring(0, truncated.indexOf('…'));
    assertThat(TwinText.utf8Length(kept) + dropped).isEqualTo(6004);
    assertThat(packed.trimmed()).containsExactly("logs.last: string of 6004 bytes truncated to 4 KB");
  }

  @Test
  void a_string_in_an_array_is_truncated_too() {
    NodeValue.Obj doc = document("g", document("list", NodeValue.list(List.of(text('x', 5000), NodeValue.of(1)))));

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    assertThat(packed.trimmed()).containsExactly("g.list[0]: string of 5000 bytes truncated to 4 KB");
  }

  @Test
  void an_object_nested_deeper_than_10_levels_becomes_its_json_text_at_the_limit() {
    NodeValue v = NodeValue.of("leaf");
    for (int i = 11; i >= 0; i--) {
      v = NodeValue.object("k" + i, v);
    }
    NodeValue.Obj doc = (NodeValue.Obj) v;

    TwinPacker.Packed packed = packer.pack(doc);

    NodeValue.Obj level9 = obj(packed.document(), "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8");
    assertThat(level9.get("k9")).isEqualTo(NodeValue.of("{\"k10\":{\"k11\":\"leaf\"}}"));
    assertThat(NodeValue.parse(level9.text("k9").orElseThrow()))
        .isEqualTo(obj(doc, "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"));
    assertThat(TwinLimits.depth(packed.document())).isEqualTo(10);
    assertThat(packed.trimmed()).containsExactly(
        "k0.k1.k2.k3.k4.k5.k6.k7.k8.k9: nested deeper than 10 levels, reported as JSON text");
  }

  @Test
  void json_text_of_a_large_deep_object_is_truncated_to_4_kb() {
    NodeValue deep = NodeValue.object("k", NodeValue.object("big", text('x', 9000)));
    NodeValue v = deep;
    for (int i = 8; i >= 0; i--) {
      v = NodeValue.object("k" + i, v);
    }

    TwinPacker.Packed packed = packer.pack((NodeValue.Obj) v);

    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    String json = obj(packed.document(), "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8").text("k")
        .orElseThrow();
    assertThat(json).startsWith("{\"big\":\"xxx").endsWith(" bytes]");
    assertThat(TwinText.utf8Length(json)).isLessThanOrEqualTo(4096);
  }

  @Test
  void a_key_longer_than_1_kb_is_shortened_and_noted() {
    String key = "/var/log/" + "x".repeat(2000);
    NodeValue.Obj doc = document("files", document(key, NodeValue.of("present")));

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    assertThat(obj(packed.document(), "files").fields()).containsOnlyKeys(TwinLimits.encodeKey(key));
    assertThat(packed.trimmed()).singleElement().asString().startsWith("files./var/log/xxx")
        .endsWith(": key of 2009 bytes shortened to 1 KB");
  }

  @Test
  void legalising_alone_writes_no_trimmed_summary() {
    NodeValue.Obj doc = document("logs", document("last", text('x', 5000)));

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(packed.isTrimmed()).isTrue();
    assertThat(packed.document().has("__summary")).isFalse();
  }

  // Step 2: trimming order

  @Test
  void drift_values_are_summarised_first_and_nothing_else_changes() {
    NodeValue.Obj files = group(4, 500).errors(2, 300, 5).drift(10, 1500).build();
    NodeValue.Obj doc = document("files", files, "timeInfo", group(2, 20));
    assertThat(TwinLimits.size(doc)).isBetween(33_000L, 38_000L);

    TwinPacker.Packed packed = packer.pack(doc);

    NodeValue.Obj out = obj(packed.document(), "files");
    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    assertThat(out.get("__errors")).isEqualTo(files.get("__errors"));
    assertThat(out.get("__meta")).isEqualTo(files.get("__meta"));
    assertThat(out.get("p3")).isEqualTo(files.get("p3"));
    assertThat(obj(packed.document(), "timeInfo")).isEqualTo(group(2, 20).build());
    NodeValue.Obj entry = obj(out, "__drift", "p0");
    assertThat(entry.text("desired")).hasValue("d".repeat(40) + "… (1500 bytes)");
    assertThat(entry.text("actual")).hasValue("a".repeat(40) + "… (1500 bytes)");
    assertThat(entry.text("action")).hasValue("remediated");
    assertThat(packed.trimmed()).containsExactly("files.__drift: desired/actual values of 10 entries summarised");
    assertThat(trimmedSummary(packed)).isEqualTo("files.__drift: desired/actual values of 10 entries summarised");
  }

  @Test
  void drift_entries_are_counted_before_errors_are_touched() {
    NodeValue.Obj files = group(2, 100).errors(3, 1000, 5).drift(400, 20).build();
    NodeValue.Obj doc = document("files", files);
    assertThat(TwinLimits.size(doc)).isGreaterThan(33_000L);

    TwinPacker.Packed packed = packer.pack(doc);

    NodeValue.Obj out = obj(packed.document(), "files");
    assertThat(out.get("__drift")).isEqualTo(NodeValue.object("__count", NodeValue.of(400)));
    assertThat(out.get("__errors")).isEqualTo(files.get("__errors"));
    assertThat(out.get("p1")).isEqualTo(files.get("p1"));
    assertThat(packed.trimmed()).containsExactly("files.__drift: 400 entries dropped, only their count kept");
  }

  @Test
  void error_messages_and_parameters_are_shortened_after_drift_and_before_property_values_are_omitted() {
    NodeValue.Obj files = group(6, 500).errors(10, 3000, 6).drift(2, 10).build();
    NodeValue.Obj doc = document("files", files);
    assertThat(TwinLimits.size(doc)).isGreaterThan(33_000L);

    TwinPacker.Packed packed = packer.pack(doc);

    NodeValue.Obj out = obj(packed.document(), "files");
    NodeValue.Obj error = obj(out, "__errors", "p0");
    assertThat(error.text("message")).hasValue("m".repeat(255) + "…");
    assertThat(obj(error, "parameters").fields()).containsOnlyKeys("parameter0", "parameter1", "parameter2");
    assertThat(error.get("code")).isEqualTo(NodeValue.of(1014));
    assertThat(out.get("p5")).isEqualTo(files.get("p5"));
    assertThat(out.get("__drift")).isEqualTo(NodeValue.object("__count", NodeValue.of(2)));
    assertThat(packed.trimmed()).containsExactly(
        "files.__drift: 2 entries dropped, only their count kept",
        "files.__errors: 10 errors shortened (texts to 256 characters, parameters to the first 3)");
  }

  @Test
  void device_schema_tags_are_dropped_before_property_values_are_omitted() {
    LinkedHashMap<String, NodeValue> schemas = new LinkedHashMap<>();
    for (int i = 0; i < 350; i++) {
      schemas.put("capability" + i, document("type", NodeValue.of("dev.converge.capability"),
          "tags", NodeValue.list(List.of(NodeValue.of("networking"), NodeValue.of("security-baseline-2026"))),
          "interfaceVersion", NodeValue.of("1.0.0")));
    }
    NodeValue.Obj doc = document("files", group(10, 300), "__deviceSchemas", NodeValue.object(schemas));
    assertThat(TwinLimits.size(doc)).isGreaterThan(33_000L);

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(obj(packed.document(), "files")).isEqualTo(group(10, 300).build());
    NodeValue.Obj out = obj(packed.document(), "__deviceSchemas");
    assertThat(out.fields()).hasSize(350);
    assertThat(out.fields().values()).filteredOn(v -> !((NodeValue.Obj) v).has("tags")).isNotEmpty();
    assertThat(obj(out, "capability0").get("interfaceVersion")).isEqualTo(NodeValue.of("1.0.0"));
    assertThat(packed.trimmed()).singleElement().asString()
        .matches("__deviceSchemas: tags and details of \\d+ capabilities dropped");
  }

  @Test
  void the_largest_group_loses_its_property_values_first_and_keeps_meta_and_errors() {
    NodeValue.Obj big = group(10, 2000).errors(1, 100, 2).build();
    NodeValue.Obj middle = group(5, 2000).build();
    NodeValue.Obj small = group(2, 2000).build();
    NodeValue.Obj doc = document("small", small, "big", big, "middle", middle);

    TwinPacker.Packed packed = packer.pack(doc);

    NodeValue.Obj out = obj(packed.document(), "big");
    assertThat(out.fields()).containsOnlyKeys("__meta", "__errors", "__trimmed");
    assertThat(out.get("__meta")).isEqualTo(big.get("__meta"));
    assertThat(out.get("__errors")).isEqualTo(big.get("__errors"));
    assertThat(out.text("__trimmed")).hasValue("10 properties omitted: reported state exceeds 32 KB");
    assertThat(obj(packed.document(), "middle")).isEqualTo(middle);
    assertThat(obj(packed.document(), "small")).isEqualTo(small);
    assertThat(packed.trimmed()).containsExactly("big: 10 properties omitted");
  }

  @Test
  void as_a_last_resort_groups_keep_only_their_deployment_status() {
    LinkedHashMap<String, NodeValue> groups = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      groups.put(String.format("group%03d", i), group(3, 50).errors(2, 200, 3).build());
    }
    NodeValue.Obj doc = NodeValue.object(groups);

    TwinPacker.Packed packed = packer.pack(doc);

    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    for (String g : groups.keySet()) {
      assertThat(obj(packed.document(), g, "__meta").text("deploymentStatus")).as(g).hasValue("failed");
    }
    assertThat(packed.trimmed()).anyMatch(t -> t.endsWith(": 3 properties omitted"))
        .anyMatch(t -> t.endsWith("__errors: 2 errors dropped, only their count kept"))
        .anyMatch(t -> t.endsWith(": group cut to its __meta.deploymentStatus"));
    int omitted = packed.trimmed().indexOf(packed.trimmed().stream()
        .filter(t -> t.endsWith("properties omitted")).findFirst().orElseThrow());
    int counted = packed.trimmed().indexOf(packed.trimmed().stream()
        .filter(t -> t.endsWith("only their count kept")).findFirst().orElseThrow());
    int cut = packed.trimmed().indexOf(packed.trimmed().stream()
        .filter(t -> t.endsWith("deploymentStatus")).findFirst().orElseThrow());
    assertThat(omitted).isLessThan(counted);
    assertThat(counted).isLessThan(cut);
  }

  @Test
  void groups_that_cannot_fit_even_their_status_are_dropped_and_named() {
    LinkedHashMap<String, NodeValue> groups = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      groups.put(String.format("%04d", i) + "g".repeat(1000), group(1, 10).build());
    }

    TwinPacker.Packed packed = packer.pack(NodeValue.object(groups));

    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    long kept = packed.document().fields().keySet().stream().filter(k -> !k.equals("__summary")).count();
    long dropped = packed.trimmed().stream()
        .filter(t -> t.endsWith(": group dropped, not even its __meta.deploymentStatus fits")).count();
    assertThat(kept).isPositive();
    assertThat(kept + dropped).isEqualTo(100);
    assertThat(TwinText.utf8Length(trimmedSummary(packed))).isLessThanOrEqualTo(2048);
    assertThat(trimmedSummary(packed)).contains("…and ").endsWith(" more");
  }

  @Test
  void the_trimmed_summary_is_added_to_an_existing_summary_and_lists_step_one_notes_too() {
    NodeValue.Obj summary = document("failedCount", NodeValue.of(1), "failedGroups", NodeValue.of("big"));
    NodeValue.Obj doc = document("__summary", summary, "big", group(20, 2000), "n",
        document("x", NodeValue.of(new BigDecimal("1E+20"))));

    TwinPacker.Packed packed = packer.pack(doc);

    NodeValue.Obj out = obj(packed.document(), "__summary");
    assertThat(out.get("failedCount")).isEqualTo(NodeValue.of(1));
    assertThat(out.get("failedGroups")).isEqualTo(NodeValue.of("big"));
    assertThat(out.text("trimmed")).hasValue(
        "n.x: number outside the twin integer range reported as a string; big: 20 properties omitted");
  }

  @Test
  void top_level_values_that_are_not_groups_are_trimmed_too() {
    LinkedHashMap<String, NodeValue> m = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      m.put("s" + i, text('s', 4000));
    }
    m.put("__summary", NodeValue.of("not an object"));
    m.put("__deviceSchemas", NodeValue.list(List.of(text('z', 3000))));

    TwinPacker.Packed packed = packer.pack(NodeValue.object(m));

    assertThat(TwinLimits.isWithinLimits(packed.document())).isTrue();
    assertThat(packed.document().get("__summary")).isInstanceOf(NodeValue.Obj.class);
    assertThat(packed.trimmed()).contains("s0: value dropped");
  }

  @Test
  void packing_is_deterministic() {
    LinkedHashMap<String, NodeValue> groups = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      groups.put("g" + i, group(i % 7, 300).errors(i % 3, 400, 4).drift(i % 5, 200).build());
    }
    NodeValue.Obj doc = NodeValue.object(groups);

    TwinPacker.Packed first = packer.pack(doc);
    TwinPacker.Packed second = new TwinPacker().pack(NodeValue.object(Map.copyOf(groups)));

    assertThat(second.document()).isEqualTo(first.document());
    assertThat(packer.pack(first.document()).document()).isSameAs(first.document());
  }
}
