package dev.converge.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class TwinLimitsTest {

  private static NodeValue.Obj json(String text) {
    return (NodeValue.Obj) NodeValue.parse(text);
  }

  /** {"k0": {"k1": … {"k(n-1)": leaf}}}: n keys on the path to leaf. */
  private static NodeValue.Obj nested(int keys, NodeValue leaf) {
    NodeValue v = leaf;
    for (int i = keys - 1; i >= 0; i--) {
      v = NodeValue.object("k" + i, v);
    }
    return (NodeValue.Obj) v;
  }

  private static NodeValue.Obj sizedDocument(long bytes) {
    // One key "p" (1 byte) and a string filling the rest, split over 4 KB strings.
    LinkedHashMap<String, NodeValue> fields = new LinkedHashMap<>();
    long left = bytes;
    int i = 0;
    while (left > 0) {
      String key = String.format("p%04d", i++);
      long room = Math.min(left - key.length(), TwinLimits.MAX_STRING_BYTES);
      fields.put(key, NodeValue.of("x".repeat((int) Math.max(room, 0))));
      left -= key.length() + Math.max(room, 0);
    }
    return NodeValue.object(fields);
  }

  // size

  @Test
  void size_counts_keys_and_strings_in_utf8_bytes_numbers_as_8_and_booleans_as_4() {
    NodeValue.Obj doc = json("""
        {"ab": "cd", "n": 12345678901, "b": true, "é": "€", "o": {"x": [1, "yz", false]}}""");

    // ab+cd=4, n+8=9, b+4=5, é(2)+€(3)=5, o+x+(8+2+4)=16
    assertThat(TwinLimits.size(doc)).isEqualTo(4 + 9 + 5 + 5 + 16);
  }

  @Test
  void size_counts_a_character_outside_the_bmp_as_4_bytes_and_an_unpaired_surrogate_as_3() {
    assertThat(TwinLimits.size(NodeValue.of("😀"))).isEqualTo(4);
    assertThat(TwinLimits.size(NodeValue.of("\uD83D"))).isEqualTo(3);
  }

  @Test
  void size_counts_control_characters_although_iot_hub_does_not() {
    assertThat(TwinLimits.size(NodeValue.of("a\u0001\u0085"))).isEqualTo(1 + 1 + 2);
  }

  @Test
  void size_counts_null_as_4_and_ignores_json_punctuation() {
    assertThat(TwinLimits.size(NodeValue.object("a", NodeValue.absent()))).isEqualTo(1 + 4);
    assertThat(TwinLimits.size(json("{\"a\": {}, \"b\": []}"))).isEqualTo(2);
  }

  @Test
  void a_document_of_exactly_32_kb_is_within_limits_and_one_byte_more_is_not() {
    NodeValue.Obj exact = sizedDocument(TwinLimits.MAX_DOCUMENT_BYTES);
    NodeValue.Obj over = sizedDocument(TwinLimits.MAX_DOCUMENT_BYTES + 1);

    assertThat(TwinLimits.size(exact)).isEqualTo(32768);
    assertThat(TwinLimits.isWithinLimits(exact)).isTrue();
    assertThat(TwinLimits.size(over)).isEqualTo(32769);
    assertThat(TwinLimits.isWithinLimits(over)).isFalse();
    assertThat(TwinLimits.violations(over)).containsExactly(
        "(document): reported properties of 32769 bytes exceed 32 KB");
  }

  // depth

  @Test
  void depth_counts_the_keys_on_the_longest_path() {
    assertThat(TwinLimits.depth(NodeValue.Obj.empty())).isZero();
    assertThat(TwinLimits.depth(json("{\"a\": 1}"))).isEqualTo(1);
    assertThat(TwinLimits.depth(json("{\"a\": {}}"))).isEqualTo(1);
    assertThat(TwinLimits.depth(json("{\"a\": {\"b\": 1}, \"c\": 2}"))).isEqualTo(2);
    assertThat(TwinLimits.depth(nested(10, NodeValue.of(1)))).isEqualTo(10);
  }

  @Test
  void depth_counts_an_array_index_as_a_level() {
    assertThat(TwinLimits.depth(json("{\"a\": []}"))).isEqualTo(1);
    assertThat(TwinLimits.depth(json("{\"a\": [1]}"))).isEqualTo(2);
    assertThat(TwinLimits.depth(json("{\"a\": [{\"b\": 1}]}"))).isEqualTo(3);
  }

  @Test
  void ten_levels_are_within_limits_and_eleven_are_not() {
    NodeValue.Obj ten = nested(10, NodeValue.of("v"));
    NodeValue.Obj eleven = nested(11, NodeValue.of("v"));
    NodeValue.Obj tenWithEmptyObject = nested(10, NodeValue.Obj.empty());

    assertThat(TwinLimits.isWithinLimits(ten)).isTrue();
    assertThat(TwinLimits.isWithinLimits(tenWithEmptyObject)).isTrue();
    assertThat(TwinLimits.isWithinLimits(eleven)).isFalse();
    assertThat(TwinLimits.violations(eleven)).containsExactly(
        "k0.k1.k2.k3.k4.k5.k6.k7.k8.k9: nested deeper than 10 levels");
  }

  @Test
  void an_array_at_the_tenth_level_with_items_is_too_deep() {
    NodeValue.Obj doc = nested(10, NodeValue.list(List.of(NodeValue.of(1))));

    assertThat(TwinLimits.violations(doc)).containsExactly(
        "k0.k1.k2.k3.k4.k5.k6.k7.k8.k9: nested deeper than 10 levels");
  }

  // keys

  @Test
  void a_key_of_1_kb_is_legal_and_one_byte_more_is_not() {
    assertThat(TwinLimits.isLegalKey("k".repeat(1024))).isTrue();
    assertThat(TwinLimits.isLegalKey("k".repeat(1025))).isFalse();
    assertThat(TwinLimits.isLegalKey("é".repeat(512))).isTrue();
    assertThat(TwinLimits.isLegalKey("é".repeat(512) + "k")).isFalse();
  }

  @Test
  void keys_must_not_contain_dot_dollar_space_or_control_characters() {
    assertThat(TwinLimits.isLegalKey("timeZone")).isTrue();
    assertThat(TwinLimits.isLegalKey("__meta")).isTrue();
    assertThat(TwinLimits.isLegalKey("ünïcødé-😀_%-50")).isTrue();
    for (String bad : List.of("a.b", "$version", "a b", "a\u0000", "a\u001F", "a\u007F", "a\u0080", "a\u009F",
        "", "a\uD800")) {
      assertThat(TwinLimits.isLegalKey(bad)).as("%s", bad).isFalse();
    }
  }

  @Test
  void violations_name_the_path_and_the_broken_rule() {
    NodeValue.Obj doc = NodeValue.object(
        "files", NodeValue.object(
            "__drift", NodeValue.object(
                "motd", NodeValue.object(
                    "actual", NodeValue.of("x".repeat(5000)),
                    "etc.conf", NodeValue.of(1))),
            "size", NodeValue.of(new BigDecimal("4503599627370496"))));

    assertThat(TwinLimits.violations(doc)).containsExactly(
        "files.__drift.motd.actual: string of 5000 bytes exceeds 4 KB",
        "files.__drift.motd.etc.conf: key contains '.'",
        "files.size: number 4503599627370496 is outside the twin integer range");
    assertThat(TwinLimits.isWithinLimits(doc)).isFalse();
  }

  @Test
  void violations_show_control_characters_in_paths_as_escapes() {
    NodeValue.Obj doc = NodeValue.object("a\u0007b", NodeValue.of(1));

    assertThat(TwinLimits.violations(doc)).containsExactly("a\\u0007b: key contains control character U+0007");
  }

  // strings and numbers

  @Test
  void a_string_of_4_kb_is_within_limits_and_one_byte_more_is_not() {
    assertThat(TwinLimits.isWithinLimits(NodeValue.object("s", NodeValue.of("x".repeat(4096))))).isTrue();
    assertThat(TwinLimits.isWithinLimits(NodeValue.object("s", NodeValue.of("x".repeat(4097))))).isFalse();
    assertThat(TwinLimits.isWithinLimits(NodeValue.object("s", NodeValue.of("€".repeat(1366))))).isFalse();
  }

  @Test
  void numbers_must_lie_within_minus_2_to_the_52_and_2_to_the_52_minus_1() {
    assertThat(TwinLimits.isInRange(NodeValue.of(TwinLimits.MAX_INTEGER))).isTrue();
    assertThat(TwinLimits.isInRange(NodeValue.of(TwinLimits.MIN_INTEGER))).isTrue();
    assertThat(TwinLimits.isInRange(NodeValue.of(TwinLimits.MAX_INTEGER + 1))).isFalse();
    assertThat(TwinLimits.isInRange(NodeValue.of(TwinLimits.MIN_INTEGER - 1))).isFalse();
    assertThat(TwinLimits.isInRange(NodeValue.of(new BigDecimal("0.5")))).isTrue();
    assertThat(TwinLimits.isInRange(NodeValue.of(new BigDecimal("1E+30")))).isFalse();
    assertThat(TwinLimits.isInRange(NodeValue.of(new BigDecimal("4503599627370495.5")))).isFalse();
  }

  // key encoding

  @Test
  void encoding_leaves_a_legal_key_alone() {
    assertThat(TwinLimits.encodeKey("timeZone")).isEqualTo("timeZone");
    assertThat(TwinLimits.encodeKey("50%")).isEqualTo("50%");
    assertThat(TwinLimits.encodeKey("__deviceSchemas")).isEqualTo("__deviceSchemas");
  }

  @Test
  void encoding_escapes_dot_dollar_space_percent_and_controls_as_percent_hex() {
    assertThat(TwinLimits.encodeKey("motd.conf")).isEqualTo("motd%2Econf");
    assertThat(TwinLimits.encodeKey("$version")).isEqualTo("%24version");
    assertThat(TwinLimits.encodeKey("100% done")).isEqualTo("100%25%20done");
    assertThat(TwinLimits.encodeKey("a\u0000\n\u007F\u0085")).isEqualTo("a%00%0A%7F%85");
    assertThat(TwinLimits.encodeKey("a\uD800b")).isEqualTo("a%uD800b");
    assertThat(TwinLimits.encodeKey("")).isEqualTo("%_");
  }

  @Test
  void encoding_escapes_a_legal_key_that_would_otherwise_decode_to_something_else() {
    assertThat(TwinLimits.encodeKey("a%2Eb")).isEqualTo("a%252Eb");
    assertThat(TwinLimits.decodeKey(TwinLimits.encodeKey("a%2Eb"))).isEqualTo("a%2Eb");
    assertThat(TwinLimits.encodeKey("%_")).isEqualTo("%25_");
  }

  @Test
  void decoding_reverses_encoding() {
    for (String key : List.of("motd.conf", "$version", "100% done", "a\u0000\n\u0085", "a\uD800b", "", "%_",
        "a%2Eb", "plain", "😀.😀")) {
      String encoded = TwinLimits.encodeKey(key);
      assertThat(TwinLimits.isLegalKey(encoded)).as("%s", encoded).isTrue();
      assertThat(TwinLimits.decodeKey(encoded)).isEqualTo(key);
    }
  }

  @Test
  void decoding_keeps_a_percent_that_starts_no_escape() {
    assertThat(TwinLimits.decodeKey("50%")).isEqualTo("50%");
    assertThat(TwinLimits.decodeKey("%zz%u12")).isEqualTo("%zz%u12");
    assertThat(TwinLimits.decodeKey("a%2eb")).isEqualTo("a.b");
  }

  @Test
  void a_key_longer_than_1_kb_after_encoding_is_shortened_to_a_prefix_and_a_hash() {
    String key = "/var/log/" + "a.".repeat(600);

    String encoded = TwinLimits.encodeKey(key);

    assertThat(TwinText.utf8Length(encoded)).isLessThanOrEqualTo(1024);
    assertThat(TwinLimits.isLegalKey(encoded)).isTrue();
    assertThat(encoded).startsWith("/var/log/a%2Ea%2E").matches(".*%~[0-9a-f]{16}");
    assertThat(TwinLimits.encodeKey(key)).isEqualTo(encoded);
    assertThat(TwinLimits.encodeKey(key + "b")).isNotEqualTo(encoded);
    assertThat(TwinLimits.decodeKey(encoded)).startsWith("/var/log/a.a.").contains("…#");
  }

  @Test
  void shortening_never_splits_an_escape_or_a_surrogate_pair() {
    for (int pad = 0; pad < 8; pad++) {
      String key = "x".repeat(pad) + "😀.".repeat(400);

      String encoded = TwinLimits.encodeKey(key);

      assertThat(TwinLimits.isLegalKey(encoded)).isTrue();
      String prefix = encoded.substring(0, encoded.length() - 18);
      assertThat(prefix).doesNotEndWith("%").doesNotEndWith("%2").doesNotEndWith("\uD83D");
      assertThat(TwinLimits.decodeKey(encoded)).startsWith("x".repeat(pad) + "😀.");
    }
  }
}
