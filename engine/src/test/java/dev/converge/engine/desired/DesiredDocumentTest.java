package dev.converge.engine.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.TwinChannel.DesiredUpdate;
import org.junit.jupiter.api.Test;

class DesiredDocumentTest {

  private final DesiredDocument doc = new DesiredDocument();

  private static NodeValue.Obj json(String s) {
    return (NodeValue.Obj) NodeValue.parse(s);
  }

  @Test
  void a_patch_before_any_full_document_is_a_gap() {
    DesiredDocument.Change c = doc.apply(DesiredUpdate.patch(json("{\"a\": {\"x\": 1}}"), 1));

    assertThat(c.hasGap()).isTrue();
    assertThat(doc.snapshot().document().isEmpty()).isTrue();
  }

  @Test
  void patches_merge_changed_leaves_and_null_deletes() {
    doc.apply(DesiredUpdate.full(json("{\"a\": {\"x\": 1, \"y\": 2}, \"b\": {\"z\": 3}}"), 5));

    DesiredDocument.Change c = doc.apply(DesiredUpdate.patch(json("{\"a\": {\"y\": null}, \"b\": null}"), 6));

    assertThat(c.changedGroups()).containsExactlyInAnyOrder("a", "b");
    assertThat(doc.snapshot().document()).isEqualTo(json("{\"a\": {\"x\": 1}}"));
    assertThat(doc.version()).isEqualTo(6);
  }

  @Test
  void a_patch_at_or_below_the_known_version_is_stale_and_ignored() {
    doc.apply(DesiredUpdate.full(json("{\"a\": {\"x\": 1}}"), 5));

    DesiredDocument.Change c = doc.apply(DesiredUpdate.patch(json("{\"a\": {\"x\": 2}}"), 5));

    assertThat(c.isStale()).isTrue();
    assertThat(doc.snapshot().document()).isEqualTo(json("{\"a\": {\"x\": 1}}"));
  }

  @Test
  void a_patch_that_skips_a_version_is_a_gap_and_not_applied() {
    doc.apply(DesiredUpdate.full(json("{\"a\": {\"x\": 1}}"), 5));

    DesiredDocument.Change c = doc.apply(DesiredUpdate.patch(json("{\"a\": {\"x\": 3}}"), 7));

    assertThat(c.hasGap()).isTrue();
    assertThat(doc.snapshot().document()).isEqualTo(json("{\"a\": {\"x\": 1}}"));
  }

  @Test
  void an_older_full_document_is_taken_as_the_hubs_word_and_flagged_so_the_caller_fetches_again() {
    doc.apply(DesiredUpdate.full(json("{\"a\": {\"x\": 1}}"), 5));

    DesiredDocument.Change c = doc.apply(DesiredUpdate.full(json("{\"b\": {\"y\": 2}}"), 2));

    assertThat(c.isStale()).isFalse();
    assertThat(c.isRewound()).as("a recreated twin, or a GET a newer patch overtook").isTrue();
    assertThat(c.changedGroups()).containsExactlyInAnyOrder("a", "b");
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.apply(DesiredUpdate.patch(json("{\"b\": {\"y\": 3}}"), 3)).changedGroups()).containsExactly("b");
  }

  @Test
  void a_group_revision_changes_only_when_its_content_changes() {
    doc.apply(DesiredUpdate.full(json("{\"a\": {\"x\": 1}, \"b\": {\"y\": 1}}"), 1));
    long a = doc.snapshot().revision("a");
    long b = doc.snapshot().revision("b");

    doc.apply(DesiredUpdate.patch(json("{\"b\": {\"y\": 2}}"), 2));

    assertThat(doc.snapshot().revision("a")).isEqualTo(a);
    assertThat(doc.snapshot().revision("b")).isNotEqualTo(b);
  }
}
