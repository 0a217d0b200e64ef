package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AuditEvent;
import dev.converge.engine.port.AuditEvent.Kind;
import dev.converge.engine.port.InMemoryJournal;
import dev.converge.engine.port.TwinChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine tells its {@link dev.converge.engine.port.AuditSink} what the journal records, compactly. */
class AuditEventsTest {

  private final EngineFixture f = new EngineFixture();

  private static String text(NodeValue doc, String... path) {
    NodeValue v = doc;
    for (String p : path) {
      v = v instanceof NodeValue.Obj o ? o.get(p) : NodeValue.absent();
    }
    return v.display();
  }

  @Test
  void an_applied_change_is_one_applied_event_with_version_deployment_values_and_time() {
    f.device.set("./Device/Time/TimeZone", NodeValue.of("UTC"));
    f.engine();
    f.clock.advance(Duration.ofSeconds(5));

    f.converge("""
        {"settings": {"__meta": {"deploymentId": "tz-eu"}, "timeZone": "Europe/Berlin"}}
        """);

    assertThat(f.audit.events()).containsExactly(new AuditEvent(Kind.APPLIED, 1, "tz-eu", "settings", "timeZone",
        NodeValue.of("UTC"), NodeValue.of("Europe/Berlin"), Instant.parse("2026-11-26T04:00:05Z"), null));
  }

  @Test
  void an_item_property_is_named_by_its_path_and_a_missing_deployment_is_null() {
    f.converge("""
        {"items": {"a": {"color": "green"}}}
        """);

    assertThat(f.audit.events()).extracting(AuditEvent::kind, AuditEvent::group, AuditEvent::property,
        AuditEvent::deploymentId).containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.APPLIED, "items", "a",
        null));
    assertThat(f.audit.events().get(0).before().isAbsent()).isTrue();
  }

  @Test
  void a_failed_change_is_a_failed_event_with_the_value_that_could_not_be_written_and_why() {
    f.device.set("./Base/Value", NodeValue.of("old")).failWrites("./Base/Value", "read-only file system");

    f.converge("""
        {"base": {"__meta": {"deploymentId": "b-1"}, "value": "new"}}
        """);

    AuditEvent failed = f.audit.events().get(0);
    assertThat(f.audit.events()).hasSize(1);
    assertThat(failed.kind()).isEqualTo(Kind.FAILED);
    assertThat(failed.property()).isEqualTo("value");
    assertThat(failed.before()).isEqualTo(NodeValue.of("old"));
    assertThat(failed.after()).isEqualTo(NodeValue.of("new"));
    assertThat(failed.message()).isEqualTo("read-only file system");
    assertThat(failed.deploymentId()).isEqualTo("b-1");
  }

  @Test
  void a_write_undone_because_its_sibling_failed_is_rolled_back() {
    f.device.item("./Items/b").set("./Items/b/color", NodeValue.of("red")).set("./Items/b/size", NodeValue.of(1));
    f.device.failWrites("./Items/b/size", "disk full");

    f.converge("""
        {"items": {"b": {"color": "blue", "size": 5}}}
        """);

    assertThat(f.audit.events()).extracting(e -> e.kind() + " " + e.property() + " " + e.before().display() + " -> "
        + e.after().display()).containsExactly(
        "APPLIED b/color red -> blue",
        "FAILED b/size 1 -> 5",
        "ROLLED_BACK b/color blue -> red");
  }

  @Test
  void drift_under_report_policy_is_one_drift_event_with_actual_before_and_desired_after() {
    f.converge("""
        {"items": {"__meta": {"deploymentId": "colors"}, "a": {"color": "green"}}}
        """);
    f.audit.clear();
    f.device.set("./Items/a/color", NodeValue.of("red"));

    f.advance(Duration.ofMinutes(2));
    f.advance(Duration.ofMinutes(2)); // found again: the same drift, not a new event

    assertThat(f.audit.events()).containsExactly(new AuditEvent(Kind.DRIFT, 1, "colors", "items", "a/color",
        NodeValue.of("red"), NodeValue.of("green"), Instant.parse("2026-11-26T04:02:00Z"), null));
    assertThat(f.device.value("./Items/a/color")).isEqualTo(NodeValue.of("red"));
  }

  @Test
  void drift_under_remediate_policy_is_the_write_then_one_remediated_event() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);
    f.audit.clear();
    f.device.set("./Device/Time/TimeZone", NodeValue.of("Asia/Tokyo"));

    NodeValue.Obj reported = f.advance(Duration.ofMinutes(1));

    assertThat(text(reported, "settings", "__drift", "timeZone", "action")).isEqualTo("remediated");
    assertThat(f.audit.events()).extracting(AuditEvent::kind).containsExactly(Kind.APPLIED, Kind.REMEDIATED);
    AuditEvent remediated = f.audit.events(Kind.REMEDIATED).get(0);
    assertThat(remediated.property()).isEqualTo("timeZone");
    assertThat(remediated.before()).isEqualTo(NodeValue.of("Asia/Tokyo"));
    assertThat(remediated.after()).isEqualTo(NodeValue.of("UTC"));
    assertThat(remediated.time()).isEqualTo(Instant.parse("2026-11-26T04:01:00Z"));
  }

  @Test
  void drift_that_cannot_be_put_right_is_a_remediation_failed_event_saying_why() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);
    f.audit.clear();
    f.device.set("./Device/Time/TimeZone", NodeValue.of("Asia/Tokyo"))
        .rejectWrites("./Device/Time/TimeZone", "managed by another tool");

    f.advance(Duration.ofMinutes(1));

    assertThat(f.audit.events()).extracting(AuditEvent::kind).containsExactly(Kind.FAILED, Kind.REMEDIATION_FAILED);
    assertThat(f.audit.events(Kind.REMEDIATION_FAILED).get(0).message()).isEqualTo("managed by another tool");
  }

  @Test
  void drift_under_ignore_policy_and_a_no_op_reconcile_emit_nothing() {
    f.converge("""
        {"base": {"value": "b"}, "dependent": {"value": "d"}}
        """);
    f.audit.clear();
    f.device.set("./Dependent/Value", NodeValue.of("changed"));

    f.advance(Duration.ofMinutes(5));
    f.engine().recheckAll();
    f.engine().runUntilIdle();

    assertThat(f.audit.events()).isEmpty();
  }

  @Test
  void planning_emits_nothing() {
    f.engine();
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse("{\"settings\": {\"timeZone\": \"UTC\"}}"));
    f.engine().receive(TwinChannel.DesiredUpdate.full(f.twin.currentDesired(), f.twin.desiredVersion()));

    f.engine().plan();

    assertThat(f.audit.events()).isEmpty();
  }

  @Test
  void a_sink_that_throws_is_logged_and_never_stops_reconciliation_or_the_journal() {
    f.audit.failWith(new IllegalStateException("queue full"));

    NodeValue.Obj reported = f.converge("""
        {"settings": {"timeZone": "UTC"}, "items": {"a": {"color": "green"}, "b": {"color": "blue"}}}
        """);

    assertThat(f.audit.refused()).isEqualTo(3);
    assertThat(text(reported, "settings", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(text(reported, "items", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(f.journal.records()).hasSize(6);

    f.audit.accept();
    f.device.set("./Device/Time/TimeZone", NodeValue.of("Asia/Tokyo"));
    f.advance(Duration.ofMinutes(1));

    assertThat(f.audit.events()).extracting(AuditEvent::kind).containsExactly(Kind.APPLIED, Kind.REMEDIATED);
  }

  @Test
  void a_secret_appears_only_as_its_digest() {
    String secret = "s3cr3t-token-value";
    f.device.set("./Device/Secret/Token", NodeValue.of("old-token-value"));

    f.converge("{\"settings\": {\"apiToken\": \"" + secret + "\"}}");
    f.device.set("./Device/Secret/Token", NodeValue.of("tampered-token"));
    f.advance(Duration.ofMinutes(1));

    List<AuditEvent> events = f.audit.events();
    assertThat(events).extracting(AuditEvent::kind).containsExactly(Kind.APPLIED, Kind.APPLIED, Kind.REMEDIATED);
    assertThat(events.get(0).after()).isEqualTo(NodeValue.of(NodeValue.of(secret).digest()));
    assertThat(events.get(0).before()).isEqualTo(NodeValue.of(NodeValue.of("old-token-value").digest()));
    assertThat(events.get(2).before()).isEqualTo(NodeValue.of(NodeValue.of("tampered-token").digest()));
    assertThat(events.toString()).doesNotContain(secret).doesNotContain("old-token-value")
        .doesNotContain("tampered-token");
  }

  @Test
  void a_write_completed_after_a_restart_is_applied_and_named_by_its_node() {
    f.converge("""
        {"base": {"value": "b"}}
        """);
    List<String> records = f.journal.records();
    f.journal = InMemoryJournal.of(records.subList(0, records.size() - 1)); // crash before the outcome
    f.audit.clear();

    f.restart();

    assertThat(f.audit.events()).extracting(AuditEvent::kind, AuditEvent::property)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.APPLIED, "./Base/Value"));
  }

  @Test
  void a_secret_write_completed_after_a_restart_is_journaled_and_emitted_as_a_digest() {
    String secret = "s3cr3t-token-value";
    f.converge("{\"settings\": {\"apiToken\": \"" + secret + "\"}}");
    List<String> records = f.journal.records();
    f.journal = InMemoryJournal.of(records.subList(0, records.size() - 1));
    f.audit.clear();

    f.restart();

    assertThat(f.journal.records().get(f.journal.records().size() - 1)).contains("completedAfterRestart")
        .contains("sha256:").doesNotContain(secret);
    assertThat(f.audit.events().toString()).doesNotContain(secret);
  }
}
