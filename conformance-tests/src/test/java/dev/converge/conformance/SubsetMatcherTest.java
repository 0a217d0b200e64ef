package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubsetMatcherTest {

  private static JsonNode json(String text) {
    try {
      return JsonText.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static List<String> mismatches(String expected, String actual) {
    return SubsetMatcher.match(json(expected), json(actual)).stream().map(Mismatch::toString).toList();
  }

  @Test
  void an_object_matches_when_every_expected_key_matches_and_extra_keys_are_ignored() {
    assertThat(mismatches("{\"a\":1,\"b\":{\"c\":\"x\"}}", "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":true},\"e\":[]}"))
        .isEmpty();
  }

  @Test
  void ignore_matches_any_value_but_not_a_missing_key() {
    assertThat(mismatches("{\"time\":\"<ignore>\"}", "{\"time\":\"2026-11-26T04:00:00Z\"}")).isEmpty();
    assertThat(mismatches("{\"time\":\"<ignore>\"}", "{\"time\":{\"nested\":[1,2]}}")).isEmpty();
    assertThat(mismatches("{\"t\":{\"time\":\"<ignore>\"}}", "{\"t\":{}}"))
        .containsExactly("/t/time: expected a value (<ignore>) but it is missing");
  }

  @Test
  void nested_mismatches_are_all_reported_with_their_pointers_and_values() {
    assertThat(mismatches(
        "{\"files\":{\"__meta\":{\"deploymentStatus\":\"succeeded\",\"deploymentId\":\"v1\"},\"motd\":{\"mode\":\"0644\"}}}",
        "{\"files\":{\"__meta\":{\"deploymentStatus\":\"failed\",\"deploymentId\":\"v1\"},\"motd\":{\"mode\":\"0600\"}}}"))
        .containsExactly(
            "/files/__meta/deploymentStatus: expected \"succeeded\" but was \"failed\"",
            "/files/motd/mode: expected \"0644\" but was \"0600\"");
  }

  @Test
  void keys_with_slashes_and_tildes_are_escaped_in_pointers() {
    assertThat(mismatches("{\"__drift\":{\"motd/content\":{\"a~b\":1}}}", "{\"__drift\":{\"motd/content\":{}}}"))
        .containsExactly("/__drift/motd~1content/a~0b: expected 1 but it is missing");
  }

  @Test
  void a_pointer_prefix_places_mismatches_in_the_whole_twin() {
    assertThat(SubsetMatcher.match(json("{\"a\":1}"), json("{\"a\":2}"), "/properties/reported"))
        .extracting(Mismatch::pointer).containsExactly("/properties/reported/a");
  }

  @Test
  void arrays_match_element_wise_and_need_the_same_length() {
    assertThat(mismatches("{\"l\":[{\"a\":1},\"<ignore>\"]}", "{\"l\":[{\"a\":1,\"b\":2},\"x\"]}")).isEmpty();
    assertThat(mismatches("{\"l\":[1,2]}", "{\"l\":[2,1]}"))
        .containsExactly("/l/0: expected 1 but was 2", "/l/1: expected 2 but was 1");
    assertThat(mismatches("{\"l\":[1]}", "{\"l\":[1,2]}"))
        .containsExactly("/l: expected 1 element(s) [1] but was 2: [1,2]");
  }

  @Test
  void null_expects_the_key_to_be_absent() {
    assertThat(mismatches("{\"__errors\":null}", "{}")).isEmpty();
    assertThat(mismatches("{\"__errors\":null}", "{\"__errors\":{\"x\":{\"code\":1014}}}"))
        .containsExactly("/__errors: expected absent (null) but was {\"x\":{\"code\":1014}}");
  }

  @Test
  void numbers_match_by_value_and_types_never_match_across() {
    assertThat(mismatches("{\"n\":1}", "{\"n\":1.0}")).isEmpty();
    assertThat(mismatches("{\"code\":1001}", "{\"code\":\"1001\"}"))
        .containsExactly("/code: expected 1001 but was \"1001\"");
    assertThat(mismatches("{\"b\":true}", "{\"b\":\"true\"}")).containsExactly("/b: expected true but was \"true\"");
    assertThat(mismatches("{\"o\":{\"a\":1}}", "{\"o\":\"Refreshing\"}"))
        .containsExactly("/o: expected an object {\"a\":1} but was \"Refreshing\"");
  }

  @Test
  void contains_matches_a_string_holding_the_text() {
    assertThat(mismatches("{\"m\":\"<contains:/etc/motd>\"}", "{\"m\":\"cannot write /etc/motd: read-only\"}"))
        .isEmpty();
    assertThat(mismatches("{\"m\":\"<contains:/etc/motd>\"}", "{\"m\":\"cannot write /etc/issue\"}"))
        .containsExactly("/m: expected a string containing \"/etc/motd\" but was \"cannot write /etc/issue\"");
    assertThat(mismatches("{\"m\":\"<contains:1014>\"}", "{\"m\":1014}"))
        .containsExactly("/m: expected a string containing \"1014\" but was 1014");
  }

  @Test
  void long_actual_values_are_cut_in_messages() {
    String big = "x".repeat(1000);
    assertThat(mismatches("{\"a\":\"y\"}", "{\"a\":\"" + big + "\"}")).singleElement()
        .satisfies(m -> assertThat(m).hasSizeLessThan(400).endsWith("(1002 characters)"));
  }

  @Test
  void absent_paths_fail_only_where_a_value_exists() {
    JsonNode reported = json("{\"files\":{\"motd\":{\"state\":\"absent\"},\"__errors\":{\"a/b\":{}},\"l\":[1]}}");
    List<ReportedPath> paths = List.of(ReportedPath.parse("files.motd.content"), ReportedPath.parse("files.__drift"),
        ReportedPath.parse("files.__errors.a/b"), ReportedPath.parse("/files/l/0"));
    assertThat(SubsetMatcher.absent(paths, reported, "").stream().map(Mismatch::toString))
        .containsExactly("/files/__errors/a~1b: expected absent but was {}", "/files/l/0: expected absent but was 1");
  }

  @Test
  void leaf_paths_of_a_validator_absent_section_name_every_leaf() {
    JsonNode absent = json("{\"files\":{\"__errors\":\"<ignore>\",\"motd\":{\"content\":\"\",\"mode\":\"\"},"
        + "\"empty\":{},\"list\":[1]}}");
    assertThat(SubsetMatcher.leafPaths(absent)).extracting(ReportedPath::pointer).containsExactly(
        "/files/__errors", "/files/motd/content", "/files/motd/mode", "/files/empty", "/files/list");
  }
}
