package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidatorFormatTest {

  private static Scenario read(String json) {
    return ScenarioFiles.read("validator/Test.00.json", json);
  }

  @Test
  void a_device_twin_case_patches_desired_and_checks_present_and_absent_under_properties_reported() {
    Scenario s = read("""
        {"scenario": [{
          "type": "deviceTwin", "name": "00", "description": "set", "readBackPause": 3,
          "input": {"properties": {"desired": {"files": {"motd": {"path": "/etc/motd", "content": "x"}}}}},
          "output": {
            "present": {"properties": {"reported": {"files": {"__meta": {"time": "<ignore>"}}}}},
            "absent": {"properties": {"reported": {"files": {"__errors": "", "motd": {"mode": ""}}}}}
          }
        }]}
        """);
    assertThat(s.description()).isEqualTo("set");
    Step step = s.steps().get(0);
    assertThat(step.describe()).isEqualTo("step 1 (case \"00\", patch, then 3s)");
    Action.PatchDesired patch = (Action.PatchDesired) step.action();
    assertThat(patch.settle()).isEqualTo(Duration.ofSeconds(3));
    assertThat(patch.patch().has("files")).isTrue();
    Expectation.Reported present = (Expectation.Reported) step.expectations().get(0);
    assertThat(present.pointer()).isEqualTo("/properties/reported");
    assertThat(present.label()).isEqualTo("output.present");
    Expectation.Absent absent = (Expectation.Absent) step.expectations().get(1);
    assertThat(absent.paths()).extracting(ReportedPath::pointer).containsExactly("/files/__errors",
        "/files/motd/mode");
  }

  @Test
  void read_back_pause_defaults_to_ten_seconds_as_in_dm_validator() {
    Scenario s = read("""
        {"scenario": [{"type": "deviceTwin", "input": {"properties": {"desired": {}}},
                       "output": {"present": {"properties": {"reported": {}}}}}]}
        """);
    assertThat(((Action.PatchDesired) s.steps().get(0).action()).settle()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.steps().get(0).describe()).isEqualTo("step 1 (case 0, patch, then 10s)");
  }

  @Test
  void a_direct_method_case_invokes_and_expects_code_and_json() {
    Scenario s = read("""
        {"scenario": [{"type": "directMethod", "name": "03", "directMethodName": "EnumerateLogFoldersCmd",
                       "input": {}, "output": {"returnCode": 200, "returnJson": {"list": ["<ignore>"]}}}]}
        """);
    Step step = s.steps().get(0);
    assertThat(step.action()).isInstanceOf(Action.InvokeMethod.class);
    assertThat(step.expectations()).singleElement().isInstanceOfSatisfying(Expectation.MethodAnswer.class,
        m -> assertThat(m.status()).isEqualTo(200));
  }

  @Test
  void malformed_files_fail_naming_file_and_case() {
    assertThatThrownBy(() -> read("{\"scenario\": [{\"type\": \"deviceTwin\", \"name\": \"00\"}]}"))
        .hasMessageStartingWith("validator/Test.00.json: step 1 (case \"00\"): a deviceTwin case needs input");
    assertThatThrownBy(() -> read("{\"scenario\": [{\"type\": \"magic\"}]}"))
        .hasMessageContaining("unknown test case type 'magic'");
    assertThatThrownBy(() -> read("{\"tests\": []}")).hasMessageContaining("{\"scenario\": [ test cases ]}");
    assertThatThrownBy(() -> read("{\"scenario\": [")).hasMessageStartingWith("validator/Test.00.json:1: invalid JSON");
  }
}
