package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {

  @TempDir
  Path sandbox;

  private static void runOnEngine(String name, String text) {
    Scenario scenario = ScenarioFiles.read(name, text);
    try (EngineTarget target = EngineTarget.start()) {
      ScenarioRunner.run(scenario, target);
    }
  }

  @Test
  void a_failing_step_names_the_file_the_step_the_pointer_and_both_values() {
    ScenarioFailure failure = catchThrowableOfType(ScenarioFailure.class, () -> runOnEngine(
        "scenarios/files/wrong.yaml", """
        steps:
          - desired: { files: { motd: { path: /etc/motd, content: "hi\\n", mode: "0644" } } }
            expectReported: { files: { __meta: { deploymentStatus: succeeded } } }
          - patch: { files: { motd: { mode: "0600" } } }
            expectReported: { files: { __meta: { deploymentStatus: failed }, motd: { mode: "0600" } } }
        """));
    assertThat(failure.scenario()).isEqualTo("scenarios/files/wrong.yaml");
    assertThat(failure.step()).isEqualTo(2);
    assertThat(failure.problems()).containsExactly(
        "expectReported /files/__meta/deploymentStatus: expected \"failed\" but was \"succeeded\"");
    assertThat(failure).hasMessageStartingWith("scenarios/files/wrong.yaml, step 2 (line 4, patch): 1 problem\n"
        + "  - expectReported /files/__meta/deploymentStatus: expected \"failed\" but was \"succeeded\"\n"
        + "  reported: {");
    assertThat(failure.getMessage()).contains("journal records written during the step:")
        .contains("\"operation\":\"replace\"").doesNotContain("prevHash");
  }

  @Test
  void direct_method_cases_run_on_the_engine_and_a_wrong_answer_shows_status_and_payload() {
    assertThatThrownBy(() -> runOnEngine("validator/Reboot.00.json", """
        {"scenario": [{"type": "directMethod", "name": "00", "directMethodName": "StartRebootCmd", "input": {},
                       "output": {"returnCode": 200, "returnJson": {}}}]}
        """)).isInstanceOf(ScenarioFailure.class)
        .hasMessageStartingWith("validator/Reboot.00.json, step 1 (case \"00\", direct method StartRebootCmd): 1 problem")
        .hasMessageContaining("expected 200 but was 404")
        .hasMessageContaining("no such method: StartRebootCmd; known methods: ");
  }

  @Test
  void a_scenario_that_needs_what_the_target_lacks_is_skipped_before_anything_is_sent() {
    try (FakeTarget target = new FakeTarget(sandbox)) {
      target.lacking.put(Target.Feature.CLOCK, "a real device keeps its own time");
      Scenario s = ScenarioFiles.read("scenarios/x/clock.yaml", """
          steps:
            - desired: { g: { a: 1 } }
            - advance: 5m
          """);
      ScenarioSkipped skipped = catchThrowableOfType(ScenarioSkipped.class, () -> ScenarioRunner.run(s, target));
      assertThat(skipped.scenario()).isEqualTo("scenarios/x/clock.yaml");
      assertThat(skipped.step()).isEqualTo(2);
      assertThat(skipped).hasMessage("scenarios/x/clock.yaml, step 2 (line 3, advance 5m) moves the device's clock:"
          + " a real device keeps its own time");
      assertThat(target.calls).isEmpty();
    }
  }

  @Test
  void file_and_journal_expectations_need_the_device_s_files_and_journal() {
    Scenario s = ScenarioFiles.read("scenarios/x/needs.yaml", """
        steps:
          - desired: { g: { a: 1 } }
            expectReported: { g: { a: 1 } }
          - desired: { g: { a: 2 } }
            expectUnchanged: [/etc/motd]
            expectJournal: { intents: 0 }
          - device: { write: /etc/motd, content: "x" }
          - method: { name: X }
            expectFiles: { /etc/motd: present }
        """);
    assertThat(s.steps()).extracting(ScenarioRunner::needs).containsExactly(Set.of(),
        Set.of(Target.Feature.FILES, Target.Feature.JOURNAL), Set.of(Target.Feature.FILES),
        Set.of(Target.Feature.FILES));
  }

  @Test
  void a_target_without_a_journal_is_never_asked_for_it_and_its_steps_skip_the_invariant() {
    try (FakeTarget target = new FakeTarget(sandbox)) {
      target.lacking.put(Target.Feature.JOURNAL, "no journal here");
      target.journal.add("{\"seq\":1,\"kind\":\"intent\",\"node\":\"./Files/etc/motd\"}");
      target.reported = JsonText.MAPPER.createObjectNode().put("x", 1);
      ScenarioRunner.run(ScenarioFiles.read("scenarios/x/nojournal.yaml", """
          steps:
            - patch: { g: { a: 1 } }
              expectReported: { x: 1 }
          """), target);
      assertThat(target.calls).containsExactly("patchDesired {\"g\":{\"a\":1}}");
    }
  }

  @Test
  void an_action_the_target_refuses_skips_the_scenario_from_that_step() {
    try (FakeTarget target = new FakeTarget(sandbox)) {
      target.refuseMethods = "methods are switched off";
      Scenario s = ScenarioFiles.read("scenarios/x/refused.yaml", """
          steps:
            - patch: { g: { a: 1 } }
            - method: { name: GetAnswerCmd }
              expectMethod: { status: 200 }
          """);
      assertThatThrownBy(() -> ScenarioRunner.run(s, target)).isInstanceOf(ScenarioSkipped.class)
          .hasMessage("scenarios/x/refused.yaml, step 2 (line 3, direct method GetAnswerCmd): methods are switched off");
    }
  }

  @Test
  void validator_read_back_pauses_go_to_the_target_s_pause() {
    try (FakeTarget target = new FakeTarget(sandbox)) {
      target.pauseAsReal = true;
      ScenarioRunner.run(ScenarioFiles.read("validator/P.json", """
          {"scenario": [{"type": "deviceTwin", "readBackPause": 3,
                         "input": {"properties": {"desired": {"g": {"a": 1}}}},
                         "output": {"present": {"properties": {"reported": {}}}}}]}
          """), target);
      assertThat(target.calls).containsExactly("patchDesired {\"g\":{\"a\":1}}", "pause PT3S");
    }
  }

  @Test
  void a_method_step_of_a_recipe_checks_status_and_payload() {
    runOnEngine("scenarios/diagnosticLogs/methods.yaml", """
        steps:
          - device: { write: /var/log/converge/agent/a.log, content: "x" }
          - method: { name: EnumerateLogFoldersCmd }
            expectMethod: { status: 200, payload: { list: [agent] } }
        """);
  }

  @Test
  void dot_net_api_cases_fail_saying_why() {
    assertThatThrownBy(() -> runOnEngine("validator/Wu.00.json", """
        {"scenario": [{"type": "dotNetApi", "name": "00", "apiName": "SetWindowsUpdateRingAsync"}]}
        """)).isInstanceOf(ScenarioFailure.class)
        .hasMessageContaining("dotNetApi SetWindowsUpdateRingAsync")
        .hasMessageContaining("Converge has no equivalent");
  }

  @Test
  void expect_unchanged_catches_a_rewrite_with_identical_content() {
    assertThatThrownBy(() -> runOnEngine("scenarios/files/rewrite.yaml", """
        steps:
          - device: { write: /etc/motd, content: "same\\n" }
          - device: { write: /etc/motd, content: "same\\n" }
            expectUnchanged: [/etc/motd]
        """)).isInstanceOf(ScenarioFailure.class)
        .hasMessageContaining("step 2 (line 3, device)")
        .hasMessageContaining("expectUnchanged /etc/motd: modification time changed from 2001-01-01T00:00:00Z");
  }

  @Test
  void journal_expectations_see_only_the_records_of_their_step() {
    runOnEngine("scenarios/files/journal.yaml", """
        steps:
          - desired: { files: { motd: { path: /etc/motd, content: "hi\\n", mode: "0644" } } }
            expectJournal: { intents: 1, outcomes: 1, contains: ["./Files/etc/motd"] }
          - advance: 5m
            expectJournal: { intents: 0, outcomes: 0 }
        """);
  }

  @Test
  void a_journal_entry_pattern_that_matches_nothing_shows_the_closest_record() {
    assertThatThrownBy(() -> runOnEngine("scenarios/files/journal.yaml", """
        steps:
          - desired: { files: { motd: { path: /etc/motd, content: "hi\\n", mode: "0644" } } }
            expectJournal: { entries: [{ kind: outcome, item: motd, result: failed }] }
        """)).hasMessageContaining("expectJournal entries/0: no record written during the step matches"
        + " {\"kind\":\"outcome\",\"item\":\"motd\",\"result\":\"failed\"}; the closest differs at"
        + " [/result: expected \"failed\" but was \"applied\"]");
  }

  @Test
  void every_step_checks_that_no_journal_intent_is_left_without_an_outcome() {
    try (FakeTarget target = new FakeTarget(sandbox)) {
      target.journal.add("{\"seq\":1,\"kind\":\"intent\",\"node\":\"./Files/etc/motd\"}");
      Scenario s = ScenarioFiles.read("scenarios/x/open.yaml", "steps:\n  - advance: 1s\n");
      assertThatThrownBy(() -> ScenarioRunner.run(s, target)).isInstanceOf(ScenarioFailure.class)
          .hasMessageContaining("invariant: journal intent 1 (./Files/etc/motd) has no outcome");
      target.journal.add("{\"seq\":2,\"kind\":\"outcome\",\"intentSeq\":1}");
      ScenarioRunner.run(s, target);
    }
  }

  @Test
  void validator_twin_cases_patch_then_wait_the_read_back_pause() {
    try (FakeTarget target = new FakeTarget(sandbox)) {
      target.reported = JsonText.MAPPER.createObjectNode().put("x", 1);
      Scenario s = ScenarioFiles.read("validator/T.json", """
          {"scenario": [{"type": "deviceTwin", "readBackPause": 2,
                         "input": {"properties": {"desired": {"g": {"a": null}}}},
                         "output": {"present": {"properties": {"reported": {"x": 1}}},
                                    "absent": {"properties": {"reported": {"y": ""}}}}}]}
          """);
      ScenarioRunner.run(s, target);
      assertThat(target.calls).containsExactly("patchDesired {\"g\":{\"a\":null}}", "advance PT2S");
    }
  }

  @Test
  void method_answers_are_checked_for_status_and_payload() {
    try (FakeTarget target = new FakeTarget(sandbox)) {
      Scenario s = ScenarioFiles.read("scenarios/x/m.yaml", """
          steps:
            - method: { name: GetAnswerCmd, payload: { q: 1 } }
              expectMethod: { status: 400, payload: { answer: 41 } }
          """);
      assertThatThrownBy(() -> ScenarioRunner.run(s, target))
          .hasMessageContaining("expectMethod /status: expected 400 but was 200")
          .hasMessageContaining("expectMethod /payload/answer: expected 41 but was 42");
    }
  }
}
