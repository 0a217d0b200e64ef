package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecipeFormatTest {

  private static Scenario read(String yaml) {
    return ScenarioFiles.read("scenarios/files/test.yaml", yaml);
  }

  @Test
  void reads_every_action_and_expectation_kind() {
    Scenario s = read("""
        description: all kinds
        steps:
          - desired: { files: { motd: { path: /etc/motd, content: "hi\\n", mode: "0644" } } }
            expectReported: { files: { __meta: { deploymentStatus: succeeded } } }
            expectAbsent: [files.__errors, /files/__drift]
            expectFiles: { /etc/motd: { content: "hi\\n", mode: "0644" }, /etc/gone: absent, /etc/x: present }
            expectJournal: { intents: 1, outcomes: 1, entries: [{ kind: outcome }], contains: [applied] }
          - patch: { files: { motd: null } }
          - device:
              - { write: /etc/motd, content: "x", mode: "0600" }
              - { delete: /etc/issue }
              - { chmod: /etc/motd, mode: "0640" }
              - { block: /var/lib }
              - { link: /etc/l, to: /../outside }
            expectUnchanged: [/etc/issue]
          - fault: { delete: /etc/motd }
          - advance: 1h30m
            note: a while later
          - method: { name: StartRebootCmd }
            expectMethod: { status: 200, payload: {} }
        """);
    assertThat(s.description()).isEqualTo("all kinds");
    assertThat(s.steps()).hasSize(6);
    assertThat(s.steps().get(0).action()).isInstanceOf(Action.SetDesired.class);
    assertThat(s.steps().get(0).expectations()).extracting(Expectation::label)
        .containsExactly("expectReported", "expectAbsent", "expectFiles", "expectJournal");
    assertThat(((Action.PatchDesired) s.steps().get(1).action()).patch().get("files").get("motd").isNull()).isTrue();
    assertThat(((Action.Fault) s.steps().get(2).action()).changes()).containsExactly(
        new DeviceAction.Write("/etc/motd", "x", "0600"), new DeviceAction.Delete("/etc/issue"),
        new DeviceAction.Chmod("/etc/motd", "0640"), new DeviceAction.Block("/var/lib"),
        new DeviceAction.Link("/etc/l", "/../outside"));
    assertThat(s.steps().get(3).action()).isEqualTo(new Action.Fault(java.util.List.of(
        new DeviceAction.Delete("/etc/motd"))));
    assertThat(s.steps().get(4).action()).isEqualTo(new Action.Advance(Duration.ofMinutes(90)));
    assertThat(s.steps().get(4).describe()).isEqualTo("step 5 (line 17, a while later, advance 1h30m)");
    assertThat(s.steps().get(5).expectations()).singleElement().isInstanceOf(Expectation.MethodAnswer.class);
  }

  @Test
  void modes_with_a_leading_zero_stay_text_and_dates_are_not_converted() {
    Scenario s = read("""
        steps:
          - patch: { g: { mode: 0644, n: 12, f: 1.5, t: true, yes: yes, d: 2026-11-26T04:00:00Z, e: } }
        """);
    var g = ((Action.PatchDesired) s.steps().get(0).action()).patch().get("g");
    assertThat(g.get("mode").isTextual()).isTrue();
    assertThat(g.get("mode").textValue()).isEqualTo("0644");
    assertThat(g.get("n").isIntegralNumber()).isTrue();
    assertThat(g.get("f").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(g.get("t").booleanValue()).isTrue();
    assertThat(g.get("yes").textValue()).isEqualTo("yes");
    assertThat(g.get("d").textValue()).isEqualTo("2026-11-26T04:00:00Z");
    assertThat(g.get("e").isNull()).isTrue();
  }

  @Test
  void a_misspelt_key_fails_naming_file_step_and_line() {
    assertThatThrownBy(() -> read("""
        steps:
          - desired: { files: {} }
          - advance: 5m
            expectReportd: {}
        """)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("scenarios/files/test.yaml: step 2 (line 3): unknown key 'expectReportd'");
  }

  @Test
  void a_step_takes_one_action() {
    assertThatThrownBy(() -> read("""
        steps:
          - desired: { files: {} }
            advance: 5m
        """)).hasMessageContaining("step 1 (line 2): one action per step");
  }

  @Test
  void a_full_desired_document_has_no_null_deletes() {
    assertThatThrownBy(() -> read("""
        steps:
          - desired: { files: { motd: null } }
        """)).hasMessageContaining("desired/files/motd is null").hasMessageContaining("use 'patch'");
  }

  @Test
  void an_unquoted_number_where_text_belongs_is_refused_with_a_hint() {
    assertThatThrownBy(() -> read("""
        steps:
          - device: { chmod: /etc/motd, mode: 644 }
        """)).hasMessageContaining("quote numbers");
  }

  @Test
  void expect_method_needs_a_method_in_its_step() {
    assertThatThrownBy(() -> read("""
        steps:
          - advance: 5m
            expectMethod: { status: 200 }
        """)).hasMessageContaining("expectMethod needs a 'method' action");
  }

  @Test
  void broken_yaml_and_empty_steps_are_named() {
    assertThatThrownBy(() -> read("steps: [ { desired: \n")).hasMessageStartingWith("scenarios/files/test.yaml:")
        .hasMessageContaining("invalid YAML");
    assertThatThrownBy(() -> read("steps: []")).hasMessageContaining("'steps' must be a non-empty list");
    assertThatThrownBy(() -> read("steps:\n  - desired: {}\n    desired: {}\n"))
        .hasMessage("scenarios/files/test.yaml:3: duplicate key 'desired'");
  }

  @Test
  void durations_take_short_and_iso_forms() {
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.format(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
    assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("write 5m, 1h30m");
  }
}
