package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineTest {

  private final EngineFixture f = new EngineFixture();

  private static NodeValue at(NodeValue doc, String... path) {
    NodeValue v = doc;
    for (String p : path) {
      v = v instanceof NodeValue.Obj o ? o.get(p) : NodeValue.absent();
    }
    return v;
  }

  private static String text(NodeValue doc, String... path) {
    return at(doc, path).display();
  }

  @Test
  void converges_a_plain_group_and_reports_actual_values_read_back() {
    f.device.set("./Device/Info/LastBoot", NodeValue.of("2026-11-25T00:00:00Z"));

    NodeValue.Obj reported = f.converge("""
        {"settings": {"__meta": {"deploymentId": "tz-eu"}, "timeZone": "Europe/Berlin", "ntpServer": "pool.ntp.org"}}
        """);

    assertThat(f.device.value("./Device/Time/TimeZone")).isEqualTo(NodeValue.of("Europe/Berlin"));
    assertThat(text(reported, "settings", "timeZone")).isEqualTo("Europe/Berlin");
    assertThat(text(reported, "settings", "lastBoot")).isEqualTo("2026-11-25T00:00:00Z");
    assertThat(text(reported, "settings", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(text(reported, "settings", "__meta", "deploymentId")).isEqualTo("tz-eu");
    assertThat(text(reported, "settings", "__meta", "deviceInterfaceVersion")).isEqualTo("1.2.0");
    assertThat(text(reported, "settings", "__meta", "time")).endsWith("Z");
    assertThat(text(reported, "__summary", "deployments")).isEqualTo("tz-eu");
    assertThat(text(reported, "__summary", "failedCount")).isEqualTo("0");
    assertThat(text(reported, "__deviceSchemas", "settings", "interfaceVersion")).isEqualTo("1.2.0");
  }

  @Test
  void first_report_of_a_group_clears_stale_errors_with_null() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);

    NodeValue.Obj firstPatchForGroup = f.twin.reportedPatches().stream()
        .filter(p -> p.has("settings") && ((NodeValue.Obj) p.get("settings")).has("__errors")).findFirst().orElseThrow();
    assertThat(at(firstPatchForGroup, "settings", "__errors").isAbsent()).isTrue();
    assertThat(((NodeValue.Obj) firstPatchForGroup.get("settings")).has("__errors")).isTrue();
  }

  @Test
  void an_unchanged_desired_state_writes_nothing_and_reports_nothing() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);
    f.device.clearCalls();
    int patches = f.twin.reportedPatches().size();

    f.engine().receive(dev.converge.engine.port.TwinChannel.DesiredUpdate.full(f.twin.currentDesired(),
        f.twin.desiredVersion()));
    f.engine().runUntilIdle();

    assertThat(f.device.writes()).isEmpty();
    assertThat(f.twin.reportedPatches()).hasSize(patches);
  }

  @Test
  void only_changed_nodes_are_written() {
    f.converge("""
        {"settings": {"timeZone": "UTC", "ntpServer": "a.example"}}
        """);
    f.device.clearCalls();

    f.converge("""
        {"settings": {"timeZone": "Europe/Paris", "ntpServer": "a.example"}}
        """);

    assertThat(f.device.writes()).singleElement().satisfies(c -> {
      assertThat(c.operation()).isEqualTo("replace");
      assertThat(c.node().value()).isEqualTo("./Device/Time/TimeZone");
    });
  }

  @Test
  void an_invalid_group_is_never_applied_and_the_others_go_on() {
    NodeValue.Obj reported = f.converge("""
        {"settings": {"timeZone": "not a zone!"},
         "base": {"value": "ok"}}
        """);

    assertThat(f.device.writes()).extracting(c -> c.node().value()).containsExactly("./Base/Value");
    assertThat(text(reported, "settings", "__meta", "deploymentStatus")).isEqualTo("failed");
    NodeValue error = at(reported, "settings", "__errors", "timeZone");
    assertThat(text(error, "code")).isEqualTo("1001");
    assertThat(text(error, "parameters", "pointer")).isEqualTo("/timeZone");
    assertThat(text(error, "parameters", "rule")).isEqualTo("pattern");
    assertThat(text(error, "parameters", "value")).isEqualTo("not a zone!");
    assertThat(text(reported, "base", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(text(reported, "__summary", "failedGroups")).isEqualTo("settings");
  }

  @Test
  void a_missing_service_interface_version_is_assumed_and_an_incompatible_major_is_refused() {
    NodeValue.Obj ok = f.converge("""
        {"settings": {"__meta": {"deploymentId": "d1"}, "timeZone": "UTC"}}
        """);
    assertThat(text(ok, "settings", "__meta", "deploymentStatus")).isEqualTo("succeeded");

    NodeValue.Obj refused = f.converge("""
        {"settings": {"__meta": {"serviceInterfaceVersion": "2.0.0"}, "timeZone": "Europe/Rome"}}
        """);
    assertThat(text(refused, "settings", "__meta", "deploymentStatus")).isEqualTo("failed");
    assertThat(text(refused, "settings", "__errors", "__meta", "code")).isEqualTo("2019");
    assertThat(f.device.value("./Device/Time/TimeZone")).isEqualTo(NodeValue.of("UTC"));
  }

  @Test
  void items_are_sub_groups_applied_as_units_and_siblings_go_on() {
    f.device.failWrites("./Items/b/size", "disk full");
    f.device.set("./Items/b/color", NodeValue.of("red")).item("./Items/b");

    NodeValue.Obj reported = f.converge("""
        {"items": {"a": {"color": "green", "size": 3}, "b": {"color": "blue", "size": 5}}}
        """);

    assertThat(f.device.value("./Items/a/color")).isEqualTo(NodeValue.of("green"));
    // b's color was written, then rolled back because its size failed: b applies wholly or not at all.
    assertThat(f.device.value("./Items/b/color")).isEqualTo(NodeValue.of("red"));
    assertThat(text(reported, "items", "__meta", "deploymentStatus")).isEqualTo("failed");
    assertThat(text(reported, "items", "__errors", "b/size", "message")).isEqualTo("disk full");
    assertThat(text(reported, "items", "__errors", "b/size", "parameters", "node")).isEqualTo("./Items/b/size");
    assertThat(text(reported, "items", "a", "color")).isEqualTo("green");
    assertThat(text(reported, "items", "b", "color")).isEqualTo("red");
  }

  @Test
  void a_transient_failure_is_retried_by_the_queue_with_backoff() {
    f.device.failWrites("./Base/Value", "busy");
    NodeValue.Obj failed = f.converge("""
        {"base": {"value": "v1"}}
        """);
    assertThat(text(failed, "base", "__meta", "deploymentStatus")).isEqualTo("failed");

    f.device.heal();
    NodeValue.Obj after = f.advance(Duration.ofSeconds(2));

    assertThat(text(after, "base", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(text(after, "base", "__errors")).isEqualTo("(absent)");
    assertThat(f.device.value("./Base/Value")).isEqualTo(NodeValue.of("v1"));
  }

  @Test
  void dependents_of_a_failed_group_are_blocked_and_applied_once_it_recovers() {
    f.device.rejectWrites("./Base/Value", "read-only");

    NodeValue.Obj reported = f.converge("""
        {"base": {"value": "v1"}, "dependent": {"value": "d1"}}
        """);

    assertThat(text(reported, "dependent", "__meta", "deploymentStatus")).isEqualTo("blocked");
    assertThat(text(reported, "dependent", "__errors", "dependencies", "parameters", "dependency")).isEqualTo("base");
    assertThat(f.device.value("./Dependent/Value").isAbsent()).isTrue();
    assertThat(text(reported, "__summary", "blockedGroups")).isEqualTo("dependent");

    f.device.heal();
    NodeValue.Obj fixed = f.converge("""
        {"base": {"value": "v2"}, "dependent": {"value": "d1"}}
        """);

    assertThat(text(fixed, "dependent", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(f.device.value("./Dependent/Value")).isEqualTo(NodeValue.of("d1"));
  }

  @Test
  void a_dependency_in_the_same_patch_is_applied_first() {
    f.converge("""
        {"dependent": {"value": "d1"}, "base": {"value": "b1"}}
        """);

    assertThat(f.device.writes()).extracting(c -> c.node().value())
        .containsExactly("./Base/Value", "./Dependent/Value");
  }

  @Test
  void drift_is_remediated_and_reported_for_remediate_policy() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);
    f.device.set("./Device/Time/TimeZone", NodeValue.of("Asia/Tokyo"));

    NodeValue.Obj reported = f.advance(Duration.ofMinutes(1));

    assertThat(f.device.value("./Device/Time/TimeZone")).isEqualTo(NodeValue.of("UTC"));
    assertThat(text(reported, "settings", "__drift", "timeZone", "action")).isEqualTo("remediated");
    assertThat(text(reported, "settings", "__drift", "timeZone", "actual")).isEqualTo("Asia/Tokyo");
    assertThat(text(reported, "settings", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(f.journal.records()).anyMatch(r -> r.contains("\"kind\":\"drift\"") || r.contains("DRIFT"));
  }

  @Test
  void drift_is_only_reported_for_report_policy() {
    f.converge("""
        {"items": {"a": {"color": "green"}}}
        """);
    f.device.set("./Items/a/color", NodeValue.of("red"));

    NodeValue.Obj reported = f.advance(Duration.ofMinutes(2));

    assertThat(f.device.value("./Items/a/color")).isEqualTo(NodeValue.of("red"));
    assertThat(text(reported, "items", "__meta", "deploymentStatus")).isEqualTo("drifted");
    assertThat(text(reported, "items", "__drift", "a/color", "action")).isEqualTo("reported");
    assertThat(text(reported, "__summary", "driftGroups")).isEqualTo("items");
  }

  @Test
  void drift_is_neither_fixed_nor_reported_for_ignore_policy() {
    f.converge("""
        {"base": {"value": "b"}, "dependent": {"value": "d"}}
        """);
    f.device.set("./Dependent/Value", NodeValue.of("changed"));

    NodeValue.Obj reported = f.advance(Duration.ofMinutes(5));

    assertThat(f.device.value("./Dependent/Value")).isEqualTo(NodeValue.of("changed"));
    assertThat(text(reported, "dependent", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    assertThat(at(reported, "dependent", "__drift").isAbsent()).isTrue();
  }

  @Test
  void an_item_desired_absent_is_deleted() {
    f.converge("""
        {"items": {"a": {"color": "green"}}}
        """);
    assertThat(f.device.peek(dev.converge.engine.model.NodePath.of("./Items/a")).valueOrAbsent().isPresent()).isTrue();

    NodeValue.Obj reported = f.converge("""
        {"items": {"a": {"state": "absent"}}}
        """);

    assertThat(f.device.value("./Items/a").isAbsent()).isTrue();
    assertThat(text(reported, "items", "a", "state")).isEqualTo("absent");
    assertThat(text(reported, "items", "__meta", "deploymentStatus")).isEqualTo("succeeded");
  }

  @Test
  void removing_a_group_from_desired_leaves_the_device_alone_and_says_unmanaged() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}, "base": {"value": "b"}}
        """);
    f.device.clearCalls();

    NodeValue.Obj reported = f.converge("""
        {"base": {"value": "b"}}
        """);

    assertThat(f.device.writes()).isEmpty();
    assertThat(f.device.value("./Device/Time/TimeZone")).isEqualTo(NodeValue.of("UTC"));
    assertThat(text(reported, "settings", "__meta", "deploymentStatus")).isEqualTo("unmanaged");
    assertThat(at(reported, "settings", "timeZone").isAbsent()).isTrue();
  }

  @Test
  void an_unknown_group_is_reported_unsupported() {
    NodeValue.Obj reported = f.converge("""
        {"windowsTelemetry": {"level": "basic"}}
        """);

    assertThat(text(reported, "windowsTelemetry", "__meta", "deploymentStatus")).isEqualTo("unsupported");
    assertThat(text(reported, "windowsTelemetry", "__errors", "windowsTelemetry", "code")).isEqualTo("1013");
  }

  @Test
  void a_missed_patch_is_detected_by_version_gap_and_recovered_with_a_full_get() {
    f.converge("""
        {"base": {"value": "one"}}
        """);
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse("{\"base\": {\"value\": \"two\"}}"));

    f.twin.patchDesired((NodeValue.Obj) NodeValue.parse("{\"settings\": {\"timeZone\": \"UTC\"}}"));
    f.engine().runUntilIdle();

    assertThat(f.device.value("./Base/Value")).isEqualTo(NodeValue.of("two"));
    assertThat(f.device.value("./Device/Time/TimeZone")).isEqualTo(NodeValue.of("UTC"));
  }

  @Test
  void every_write_is_journaled_as_intent_then_outcome() {
    f.converge("""
        {"base": {"value": "b"}}
        """);

    assertThat(f.journal.records()).hasSize(2);
    assertThat(f.journal.records().get(0)).contains("intent").contains("./Base/Value");
    assertThat(f.journal.records().get(1)).contains("outcome").contains("applied");
  }

  @Test
  void a_restart_completes_an_interrupted_write_without_rewriting() {
    f.converge("""
        {"base": {"value": "b"}}
        """);
    // Simulate a crash between the adapter write and its outcome record: drop the outcome line.
    java.util.List<String> records = f.journal.records();
    f.journal = dev.converge.engine.port.InMemoryJournal.of(records.subList(0, records.size() - 1));
    f.device.clearCalls();

    f.restart();

    assertThat(f.device.writes()).isEmpty();
    assertThat(f.journal.records().get(f.journal.records().size() - 1)).contains("completedAfterRestart");
  }

  @Test
  void plan_shows_what_would_change_without_writing() {
    f.engine();
    f.device.set("./Device/Time/TimeZone", NodeValue.of("UTC"));
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse(
        "{\"settings\": {\"timeZone\": \"Europe/Oslo\"}, \"items\": {\"x\": {\"color\": \"blue\"}}}"));
    f.engine().receive(dev.converge.engine.port.TwinChannel.DesiredUpdate.full(f.twin.currentDesired(),
        f.twin.desiredVersion()));

    var plan = f.engine().plan();

    assertThat(f.device.writes()).isEmpty();
    assertThat(plan.changes()).extracting(c -> c.operation() + " " + c.node())
        .containsExactlyInAnyOrder("replace ./Device/Time/TimeZone", "add ./Items/x");
  }

  @Test
  void unreadable_nodes_are_written_and_reported_as_unknown_in_plans() {
    f.engine();
    f.device.failReads("./Device/Time/TimeZone", "permission denied");
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse("{\"settings\": {\"timeZone\": \"UTC\"}}"));
    f.engine().receive(dev.converge.engine.port.TwinChannel.DesiredUpdate.full(f.twin.currentDesired(),
        f.twin.desiredVersion()));

    var change = f.engine().plan().changes().get(0);

    assertThat(change).isInstanceOf(dev.converge.engine.plan.Change.Replace.class);
    assertThat(((dev.converge.engine.plan.Change.Replace) change).beforeKnown()).isFalse();
  }

  @Test
  void changes_of_an_adapter_that_cannot_predict_its_result_are_planned_as_unpredictable() {
    f.device.unpredictable();
    f.engine();
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse("{\"settings\": {\"timeZone\": \"UTC\"}}"));
    f.engine().receive(dev.converge.engine.port.TwinChannel.DesiredUpdate.full(f.twin.currentDesired(),
        f.twin.desiredVersion()));

    var changes = f.engine().plan().changes();

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).predictable()).isFalse();
    assertThat(f.device.writes()).isEmpty();
  }

  @Test
  void an_adapter_that_keeps_another_value_is_caught_by_verification() {
    f.device.coerce("./Base/Value", NodeValue.of("B"));

    NodeValue.Obj reported = f.converge("""
        {"base": {"value": "b"}}
        """);

    assertThat(text(reported, "base", "__meta", "deploymentStatus")).isEqualTo("failed");
    assertThat(text(reported, "base", "__errors", "value", "code")).isEqualTo("1017");
    assertThat(text(reported, "base", "__errors", "value", "parameters", "actual")).isEqualTo("B");
  }

  @Test
  void device_schemas_honour_the_reporting_filter() {
    NodeValue.Obj reported = f.converge("""
        {"__deviceSchemas": {"reporting": {"groups": "configured", "types": "all", "tags": ""}},
         "base": {"value": "b"}}
        """);

    assertThat(((NodeValue.Obj) at(reported, "__deviceSchemas")).fields().keySet()).containsExactly("base");
  }

  @Test
  void a_torn_journal_tail_is_reported_in_the_summary_and_kept() {
    f.converge("""
        {"base": {"value": "b"}}
        """);
    f.journal.appendTorn("{\"seq\":3,\"time\":\"2026-11");
    int records = f.journal.records().size();

    NodeValue.Obj reported = f.restart() == null ? null : f.twin.reported();

    assertThat(text(reported, "__summary", "journal")).contains("line 3");
    assertThat(f.journal.records()).hasSizeGreaterThan(records);
    assertThat(f.journal.records().get(2)).isEqualTo("{\"seq\":3,\"time\":\"2026-11");
  }

  @Test
  void a_write_only_property_is_applied_but_never_reported_journaled_or_planned_in_clear() {
    String secret = "s3cr3t-token-value";
    f.engine();
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse(
        "{\"settings\": {\"apiToken\": \"" + secret + "\"}}"));
    f.engine().receive(dev.converge.engine.port.TwinChannel.DesiredUpdate.full(f.twin.currentDesired(),
        f.twin.desiredVersion()));
    String plan = f.engine().plan().changes().toString();

    f.engine().runUntilIdle();

    assertThat(f.device.value("./Device/Secret/Token")).isEqualTo(NodeValue.of(secret));
    assertThat(plan).doesNotContain(secret).contains("sha256:");
    assertThat(f.twin.reported().toJsonText()).doesNotContain(secret);
    assertThat(String.join("\n", f.journal.records())).doesNotContain(secret).contains("sha256:");
    assertThat(text(f.twin.reported(), "settings", "__meta", "deploymentStatus")).isEqualTo("succeeded");
  }
}
