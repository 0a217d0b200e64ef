package dev.converge.engine.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.engine.model.NodeValue;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditEventTest {

  @Test
  void kinds_have_camel_case_wire_names_that_parse_back() {
    assertThat(AuditEvent.Kind.ROLLED_BACK.wireName()).isEqualTo("rolledBack");
    assertThat(AuditEvent.Kind.REMEDIATION_FAILED.wireName()).isEqualTo("remediationFailed");
    for (AuditEvent.Kind k : AuditEvent.Kind.values()) {
      assertThat(AuditEvent.Kind.parse(k.wireName())).isEqualTo(k);
    }
    assertThatThrownBy(() -> AuditEvent.Kind.parse("APPLIED")).hasMessageContaining("APPLIED");
  }

  @Test
  void only_the_drift_kinds_are_about_drift() {
    assertThat(AuditEvent.Kind.values()).filteredOn(AuditEvent.Kind::isDrift).containsExactly(
        AuditEvent.Kind.DRIFT, AuditEvent.Kind.REMEDIATED, AuditEvent.Kind.REMEDIATION_FAILED);
  }

  @Test
  void an_event_refuses_empty_names_and_negative_versions() {
    Instant t = Instant.EPOCH;
    NodeValue v = NodeValue.of("x");
    assertThatThrownBy(() -> new AuditEvent(AuditEvent.Kind.APPLIED, -1, null, "g", "p", v, v, t, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditEvent(AuditEvent.Kind.APPLIED, 1, "", "g", "p", v, v, t, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditEvent(AuditEvent.Kind.APPLIED, 1, null, "g", "", v, v, t, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditEvent(AuditEvent.Kind.APPLIED, 1, null, "g", "p", null, v, t, null))
        .isInstanceOf(NullPointerException.class);
  }
}
