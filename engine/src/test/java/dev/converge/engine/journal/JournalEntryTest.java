package dev.converge.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalEntryTest {

  private static final Instant T = Instant.parse("2026-11-26T04:00:00Z");

  private static JournalEntry intent(NodeValue before, NodeValue after) {
    return JournalEntry.sealed(1, T, JournalEntry.Kind.INTENT, "timeInfo", null, null, "./Device/Time/Zone",
        "replace", before, after, 17, "tz-eu", 0, null, null, JournalEntry.GENESIS_HASH);
  }

  @Test
  void canonical_line_has_every_member_in_fixed_order_without_whitespace() {
    JournalEntry e = intent(NodeValue.of("UTC"), NodeValue.of("Europe/Berlin"));

    assertThat(e.toLine()).isEqualTo("{\"seq\":1,\"time\":\"2026-11-26T04:00:00Z\",\"kind\":\"intent\","
        + "\"group\":\"timeInfo\",\"item\":null,\"property\":null,\"node\":\"./Device/Time/Zone\","
        + "\"operation\":\"replace\",\"before\":\"UTC\",\"after\":\"Europe/Berlin\",\"desiredVersion\":17,"
        + "\"deploymentId\":\"tz-eu\",\"intentSeq\":0,\"result\":null,\"message\":null,"
        + "\"prevHash\":\"" + "0".repeat(64) + "\",\"hash\":\"" + e.hash() + "\"}");
  }

  @Test
  void hash_is_sha256_of_the_line_without_its_hash_member() throws Exception {
    JournalEntry e = intent(NodeValue.of("UTC"), NodeValue.of("Europe/Berlin"));
    String line = e.toLine();
    String withoutHash = line.substring(0, line.lastIndexOf(",\"hash\":")) + "}";

    byte[] digest = MessageDigest.getInstance("SHA-256").digest(withoutHash.getBytes(StandardCharsets.UTF_8));

    assertThat(e.hash()).isEqualTo(HexFormat.of().formatHex(digest));
    assertThat(withoutHash).endsWith("\"prevHash\":\"" + JournalEntry.GENESIS_HASH + "\"}");
    assertThat(e.hasValidHash()).isTrue();
  }

  @Test
  void canonical_line_parses_back_to_an_equal_entry() {
    Map<String, NodeValue> fields = new LinkedHashMap<>();
    fields.put("thumbprint", NodeValue.of("AB:12"));
    fields.put("valid", NodeValue.of(true));
    fields.put("size", NodeValue.of(new BigDecimal("2048.50")));
    fields.put("tags", NodeValue.list(List.of(NodeValue.of("a"), NodeValue.absent(), NodeValue.of(-3))));
    fields.put("removed", NodeValue.absent());
    JournalEntry e = JournalEntry.sealed(42, Instant.parse("2026-11-26T04:00:00.123456789Z"),
        JournalEntry.Kind.OUTCOME, "certificates", "root-ca", null, "./Device/Certificates/root-ca", "add",
        NodeValue.absent(), NodeValue.object(fields), 9, "certs", 41, "failed",
        "cannot write \"/etc/ssl\":\n\tread-only \\ Zürich \u2603 \ud83d\ude00", "a".repeat(64));

    JournalEntry back = JournalEntry.parse(e.toLine());

    assertThat(back).isEqualTo(e);
    assertThat(back.toLine()).isEqualTo(e.toLine());
    assertThat(back.hasValidHash()).isTrue();
  }

  @Test
  void a_line_is_printable_ascii_whatever_the_text() {
    JournalEntry e = intent(NodeValue.of("Zürich\u0000\u007f\u2028\ud800"), NodeValue.of("\"\\\b\f\n\r\t"));

    String line = e.toLine();

    assertThat(line.chars()).allMatch(c -> c >= 0x20 && c <= 0x7e);
    assertThat(line).contains("\"before\":\"Z\\u00fcrich\\u0000\\u007f\\u2028\\ud800\"");
    assertThat(line).contains("\"after\":\"\\\"\\\\\\b\\f\\n\\r\\t\"");
    assertThat(JournalEntry.parse(line)).isEqualTo(e);
  }

  @Test
  void object_members_are_written_sorted_by_key() {
    Map<String, NodeValue> fields = new LinkedHashMap<>();
    fields.put("zone", NodeValue.of(1));
    fields.put("Zone", NodeValue.of(2));
    fields.put("alpha", NodeValue.object("y", NodeValue.of(3), "x", NodeValue.of(4)));

    String line = intent(NodeValue.object(fields), NodeValue.absent()).toLine();

    assertThat(line).contains("\"before\":{\"Zone\":2,\"alpha\":{\"x\":4,\"y\":3},\"zone\":1},\"after\":null");
  }

  @Test
  void numbers_are_plain_when_short_and_in_exponent_form_otherwise() {
    NodeValue numbers = NodeValue.list(List.of(
        NodeValue.of(1000),
        NodeValue.of(new BigDecimal("1.50")),
        NodeValue.of(new BigDecimal("0.0000001")),
        NodeValue.of(new BigDecimal("1E+50")),
        NodeValue.of(new BigDecimal("-0.000")),
        NodeValue.of(Long.MIN_VALUE)));

    JournalEntry e = intent(numbers, NodeValue.absent());

    assertThat(e.toLine()).contains("\"before\":[1000,1.5,1E-7,1E+50,0,-9223372036854775808]");
    assertThat(JournalEntry.parse(e.toLine())).isEqualTo(e);
  }

  @Test
  void a_line_that_is_not_exactly_canonical_is_rejected() {
    String line = intent(NodeValue.of("UTC"), NodeValue.of("Europe/Berlin")).toLine();

    assertThatThrownBy(() -> JournalEntry.parse(line.replace("\"seq\":1,", "\"seq\": 1,")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in canonical form");
    assertThatThrownBy(() -> JournalEntry.parse(line.replace("\"UTC\"", "\"\\u0055TC\"")))
        .hasMessageContaining("not in canonical form");
    assertThatThrownBy(() -> JournalEntry.parse(line.replace("\"message\":null,", "")))
        .hasMessageContaining("member 'message' is missing");
    assertThatThrownBy(() -> JournalEntry.parse(line.replace("}", ",\"extra\":1}")))
        .hasMessageContaining("not in canonical form");
    assertThatThrownBy(() -> JournalEntry.parse(line + " "))
        .hasMessageContaining("not in canonical form");
    assertThatThrownBy(() -> JournalEntry.parse(line.substring(0, 40))).hasMessageContaining("not JSON");
  }

  @Test
  void a_changed_field_no_longer_matches_the_hash() {
    JournalEntry e = intent(NodeValue.of("UTC"), NodeValue.of("Europe/Berlin"));
    String changed = e.toLine().replace("Europe/Berlin", "Europe/Paris");

    JournalEntry parsed = JournalEntry.parse(changed);

    assertThat(parsed.hasValidHash()).isFalse();
    assertThat(parsed.hash()).isEqualTo(e.hash());
  }

  @Test
  void an_outcome_must_name_an_earlier_intent() {
    assertThatThrownBy(() -> JournalEntry.sealed(3, T, JournalEntry.Kind.OUTCOME, "timeInfo", null, null, "n",
        "replace", NodeValue.absent(), NodeValue.absent(), 0, "", 3, "applied", null, JournalEntry.GENESIS_HASH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("intentSeq");
  }

  @Test
  void an_intent_needs_a_node_and_a_known_operation() {
    assertThatThrownBy(() -> JournalEntry.sealed(1, T, JournalEntry.Kind.INTENT, "timeInfo", null, null, null,
        "replace", NodeValue.absent(), NodeValue.absent(), 0, "", 0, null, null, JournalEntry.GENESIS_HASH))
        .hasMessageContaining("node");
    assertThatThrownBy(() -> JournalEntry.sealed(1, T, JournalEntry.Kind.INTENT, "timeInfo", null, null, "n",
        "update", NodeValue.absent(), NodeValue.absent(), 0, "", 0, null, null, JournalEntry.GENESIS_HASH))
        .hasMessageContaining("add, replace, delete or exec");
  }

  @Test
  void hashes_must_be_lowercase_hex() {
    assertThatThrownBy(() -> intent(NodeValue.absent(), NodeValue.absent()).withHash("A".repeat(64)))
        .hasMessageContaining("64 lowercase hex digits");
  }

  @Test
  void kinds_have_lowercase_wire_names() {
    for (JournalEntry.Kind k : JournalEntry.Kind.values()) {
      assertThat(JournalEntry.Kind.parse(k.wireName())).isEqualTo(k);
    }
    assertThat(JournalEntry.Kind.RECOVERY.wireName()).isEqualTo("recovery");
    assertThat(JournalProblem.Kind.HASH_MISMATCH.wireName()).isEqualTo("hashMismatch");
    assertThat(JournalProblem.Kind.parse("tornTail")).isEqualTo(JournalProblem.Kind.TORN_TAIL);
  }
}
