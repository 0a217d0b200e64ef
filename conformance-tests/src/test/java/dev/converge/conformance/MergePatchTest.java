package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class MergePatchTest {

  private static JsonNode json(String text) {
    try {
      return JsonText.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void the_difference_holds_changed_leaves_new_keys_and_null_for_what_is_gone() {
    JsonNode from = json("""
        {"files": {"__meta": {"deploymentId": "v1"}, "motd": {"path": "/etc/motd", "mode": "0644"},
                   "issue": {"path": "/etc/issue"}}, "old": 1}""");
    JsonNode to = json("""
        {"files": {"__meta": {"deploymentId": "v2"}, "motd": {"path": "/etc/motd", "mode": "0644"}}, "new": [1, 2]}""");

    assertThat(MergePatch.diff(from, to)).isEqualTo(json("""
        {"old": null, "files": {"__meta": {"deploymentId": "v2"}, "issue": null}, "new": [1, 2]}"""));
  }

  @Test
  void equal_documents_differ_by_nothing_numbers_by_value() {
    assertThat(MergePatch.diff(json("{\"a\": {\"n\": 1}}"), json("{\"a\": {\"n\": 1.0}}"))).isEmpty();
    assertThat(MergePatch.diff(json("{\"a\": {}}"), json("{}"))).isEqualTo(json("{\"a\": null}"));
  }
}
