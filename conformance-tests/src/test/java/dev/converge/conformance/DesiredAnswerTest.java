package dev.converge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DesiredAnswerTest {

  private static JsonNode json(String text) {
    try {
      return JsonText.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void a_device_has_answered_once_it_reports_the_version_with_no_group_pending() {
    JsonNode reported = json("""
        {"__summary": {"desiredVersion": 7, "pendingCount": 0}, "files": {"__meta": {"deploymentStatus": "failed"}}}""");

    assertThat(DesiredAnswer.missing(reported, 7)).isEmpty();
    assertThat(DesiredAnswer.missing(reported, 6)).isEmpty();
    assertThat(DesiredAnswer.missing(reported, 8)).contains("__summary.desiredVersion is 7");
  }

  @Test
  void a_pending_group_or_count_means_not_yet() {
    assertThat(DesiredAnswer.missing(json("""
        {"__summary": {"desiredVersion": 7}, "files": {"__meta": {"deploymentStatus": "pending"}}}"""), 7))
        .contains("pending: files");
    assertThat(DesiredAnswer.missing(json("""
        {"__summary": {"desiredVersion": 7, "pendingCount": 1, "pendingGroups": "timeInfo"}}"""), 7))
        .contains("__summary.pendingCount is 1 (timeInfo)");
    assertThat(DesiredAnswer.missing(json("{}"), 1)).contains("no __summary reported yet");
  }

  @Test
  void a_timeout_names_the_device_the_version_the_condition_and_what_was_missing() {
    assertThat(DesiredAnswer.timedOut("device d1", 5, Duration.ofSeconds(30), json("""
        {"__summary": {"desiredVersion": 4}}""")))
        .isEqualTo("device d1 did not answer desired version 5 within 30s: waited for reported"
            + " __summary.desiredVersion >= 5 and no group pending; last seen: __summary.desiredVersion is 4");
  }
}
