package dev.converge.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AuditEvent;
import dev.converge.engine.port.AuditEvent.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditMessageTest {

  private static final Instant T = Instant.parse("2026-11-26T04:00:05Z");

  @Test
  void an_applied_change_renders_with_short_keys_in_a_fixed_order() {
    AuditEvent e = new AuditEvent(Kind.APPLIED, 17, "tz-eu", "files", "motd/content", NodeValue.of("old\n"),
        NodeValue.of("hello\n"), T, null);

    assertThat(AuditMessage.of(e).body()).isEqualTo(
        "{\"k\":\"applied\",\"v\":17,\"d\":\"tz-eu\",\"g\":\"files\",\"p\":\"motd/content\",\"b\":\"old\\n\","
            + "\"a\":\"hello\\n\",\"t\":\"2026-11-26T04:00:05Z\"}");
  }

  @Test
  void missing_values_deployment_and_message_are_omitted() {
    AuditEvent e = new AuditEvent(Kind.APPLIED, 3, null, "items", "a", NodeValue.absent(),
        NodeValue.object("color", NodeValue.of("green")), T, null);

    assertThat(AuditMessage.of(e).body())
        .isEqualTo("{\"k\":\"applied\",\"v\":3,\"g\":\"items\",\"p\":\"a\",\"a\":{\"color\":\"green\"},"
            + "\"t\":\"2026-11-26T04:00:05Z\"}");
  }

  @Test
  void failures_carry_their_message_and_drift_kinds_their_camel_case_name() {
    AuditEvent e = new AuditEvent(Kind.REMEDIATION_FAILED, 4, "d", "settings", "timeZone", NodeValue.of("UTC"),
        NodeValue.of("Europe/Berlin"), T, "cannot write /etc/timezone: read-only");

    assertThat(AuditMessage.of(e).body()).startsWith("{\"k\":\"remediationFailed\",")
        .endsWith(",\"m\":\"cannot write /etc/timezone: read-only\"}");
  }

  @Test
  void numbers_and_booleans_stay_json_values() {
    AuditEvent e = new AuditEvent(Kind.DRIFT, 1, null, "g", "p", NodeValue.of(1), NodeValue.of(true), T, null);

    assertThat(AuditMessage.of(e).body()).contains("\"b\":1,\"a\":true,");
  }

  @Test
  void a_large_value_is_sent_as_its_digest_and_a_long_message_is_cut() {
    NodeValue big = NodeValue.of("x".repeat(5000));
    AuditEvent e = new AuditEvent(Kind.FAILED, 1, null, "files", "motd/content", NodeValue.absent(), big, T,
        "y".repeat(2000));

    String body = AuditMessage.of(e).body();

    assertThat(body).contains("\"a\":\"" + big.digest() + "\"").doesNotContain("xxxx");
    assertThat(body).contains("\"m\":\"" + "y".repeat(AuditMessage.MAX_MESSAGE_CHARS - 1) + "…\"");
    assertThat(body.length()).isLessThan(1000);
  }

  @Test
  void the_body_is_utf8() {
    AuditEvent e = new AuditEvent(Kind.APPLIED, 1, null, "files", "motd/content", NodeValue.absent(),
        NodeValue.of("grüße"), T, null);

    assertThat(new String(AuditMessage.of(e).bytes(), StandardCharsets.UTF_8)).contains("grüße");
  }
}
