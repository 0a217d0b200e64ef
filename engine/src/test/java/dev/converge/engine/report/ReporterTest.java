package dev.converge.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.MergePatch;
import dev.converge.engine.model.NodeValue;
import org.junit.jupiter.api.Test;

class ReporterTest {

  private static NodeValue.Obj json(String text) {
    return (NodeValue.Obj) NodeValue.parse(text);
  }

  private static final NodeValue.Obj FIRST = json("""
      {"__summary": {"failedCount": 0}, "files": {"__meta": {"deploymentStatus": "succeeded"}}}""");
  private static final NodeValue.Obj LOST = json("""
      {"__summary": {"failedCount": 1},
       "files": {"__meta": {"deploymentStatus": "failed"}, "__errors": {"motd": {"code": 1001}},
                 "motd": {"path": "/etc/motd", "content": "hi\\n", "mode": "0644"}}}""");
  private static final NodeValue.Obj NEXT = json("""
      {"__summary": {"failedCount": 0},
       "files": {"__meta": {"deploymentStatus": "succeeded"}, "motd": {"path": "/etc/motd", "state": "absent"}}}""");

  /** A reporter whose twin holds {@code FIRST} (acknowledged) and whose patch to {@code LOST} got no answer. */
  private static Reporter afterALostAnswer() {
    Reporter reporter = new Reporter();
    Reporter.Outgoing first = reporter.next(FIRST).orElseThrow();
    reporter.acknowledge(first.document());
    reporter.unconfirmed(reporter.next(LOST).orElseThrow());
    return reporter;
  }

  @Test
  void after_a_patch_whose_answer_was_lost_the_next_one_is_right_whether_the_hub_applied_the_lost_one_or_not() {
    Reporter reporter = afterALostAnswer();
    NodeValue.Obj patch = reporter.next(NEXT).orElseThrow().patch();

    NodeValue.Obj appliedTwin = MergePatch.apply(MergePatch.apply(FIRST, MergePatch.diff(FIRST, LOST)), patch);
    NodeValue.Obj notAppliedTwin = MergePatch.apply(FIRST, patch);

    assertThat(appliedTwin).isEqualTo(NEXT);
    assertThat(notAppliedTwin).isEqualTo(NEXT);
  }

  @Test
  void patches_restate_the_document_until_one_is_acknowledged_then_diff_again() {
    Reporter reporter = afterALostAnswer();
    Reporter.Outgoing resent = reporter.next(NEXT).orElseThrow();
    reporter.acknowledge(resent.document());

    assertThat(reporter.next(NEXT)).isEmpty();
    assertThat(reporter.next(json("""
        {"__summary": {"failedCount": 0},
         "files": {"__meta": {"deploymentStatus": "succeeded"}, "motd": {"path": "/etc/motd", "state": "present"}}}""")
        ).orElseThrow().patch()).isEqualTo(json("""
        {"files": {"motd": {"state": "present"}}}"""));
  }
}
