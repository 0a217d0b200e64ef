package dev.converge.engine.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.model.MergePatch;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.TwinChannel.DesiredUpdate;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DesiredDocumentProperties {

  /**
   * The store folds IoT Hub's patch stream (consecutive versions) to the same document as merging the union of the
   * patches into the starting document.
   */
  @Property
  void folding_a_patch_sequence_equals_merging_its_union(@ForAll("documents") NodeValue.Obj start,
      @ForAll("documentSequences") List<NodeValue.Obj> sequence) {
    DesiredDocument store = new DesiredDocument();
    store.apply(DesiredUpdate.full(start, 10));
    NodeValue.Obj previous = start;
    NodeValue.Obj union = NodeValue.Obj.empty();
    long version = 10;
    for (NodeValue.Obj next : sequence) {
      NodeValue.Obj patch = MergePatch.diff(previous, next);
      store.apply(DesiredUpdate.patch(patch, ++version));
      union = MergePatch.compose(union, patch).orElse(MergePatch.diff(start, next));
      previous = next;
    }

    assertThat(store.snapshot().document()).isEqualTo(previous);
    assertThat(MergePatch.apply(start, union)).isEqualTo(previous);
    assertThat(store.version()).isEqualTo(version);
  }

  @Provide
  Arbitrary<NodeValue.Obj> documents() {
    Arbitrary<NodeValue> leaf = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(3).map(NodeValue::of),
        Arbitraries.integers().between(0, 3).map(i -> NodeValue.of(i)));
    Arbitrary<NodeValue> group = Arbitraries.maps(Arbitraries.of("x", "y", "z"), leaf).ofMaxSize(3)
        .map(m -> NodeValue.object(new LinkedHashMap<>(m)));
    return Arbitraries.maps(Arbitraries.of("a", "b", "c"), Arbitraries.oneOf(group, leaf)).ofMaxSize(3)
        .map(m -> NodeValue.object(new LinkedHashMap<>(m)));
  }

  @Provide
  Arbitrary<List<NodeValue.Obj>> documentSequences() {
    return documents().list().ofMaxSize(8);
  }
}
