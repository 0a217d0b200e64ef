package dev.converge.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

/** IoT Hub's twin patch semantics, as the engine implements them. */
class MergePatchProperties {

  @Property
  void applying_the_diff_of_two_documents_turns_the_first_into_the_second(
      @ForAll("documents") NodeValue.Obj from, @ForAll("documents") NodeValue.Obj to) {
    assertThat(MergePatch.apply(from, MergePatch.diff(from, to))).isEqualTo(to);
  }

  @Property
  void the_diff_of_a_document_with_itself_is_empty(@ForAll("documents") NodeValue.Obj d) {
    assertThat(MergePatch.diff(d, d).isEmpty()).isTrue();
  }

  @Property
  void folding_a_patch_sequence_equals_applying_its_union_whenever_the_union_exists(
      @ForAll("documents") NodeValue.Obj start, @ForAll("patchLists") List<NodeValue.Obj> patches) {
    NodeValue.Obj folded = start;
    Optional<NodeValue.Obj> union = Optional.of(NodeValue.Obj.empty());
    for (NodeValue.Obj p : patches) {
      folded = MergePatch.apply(folded, p);
      union = union.flatMap(u -> MergePatch.compose(u, p));
    }
    union.ifPresent(u -> assertThat(MergePatch.apply(start, u)).isEqualTo(MergePatch.apply(start, u)));
    if (union.isPresent()) {
      assertThat(MergePatch.apply(start, union.get())).isEqualTo(folded);
    }
  }

  @Property
  void a_union_exists_for_patches_that_never_replace_an_object_by_a_later_object(
      @ForAll("documents") NodeValue.Obj start, @ForAll("leafPatchLists") List<NodeValue.Obj> patches) {
    NodeValue.Obj folded = start;
    NodeValue.Obj union = NodeValue.Obj.empty();
    for (NodeValue.Obj p : patches) {
      folded = MergePatch.apply(folded, p);
      union = MergePatch.compose(union, p).orElseThrow();
    }
    assertThat(MergePatch.apply(start, union)).isEqualTo(folded);
  }

  @Property
  void applied_documents_never_contain_deletes(@ForAll("documents") NodeValue.Obj d,
      @ForAll("patches") NodeValue.Obj p) {
    assertThat(MergePatch.apply(d, p).toJsonText()).doesNotContain("null");
  }

  @Provide
  Arbitrary<NodeValue.Obj> documents() {
    return objects(3, false);
  }

  @Provide
  Arbitrary<NodeValue.Obj> patches() {
    return objects(3, true);
  }

  @Provide
  Arbitrary<List<NodeValue.Obj>> patchLists() {
    return objects(3, true).list().ofMaxSize(6);
  }

  /** Patches whose values at a given key are always objects or always leaves (so they compose). */
  @Provide
  Arbitrary<List<NodeValue.Obj>> leafPatchLists() {
    Arbitrary<NodeValue> leaf = Arbitraries.oneOf(scalars(), Arbitraries.just(NodeValue.absent()));
    Arbitrary<NodeValue.Obj> inner = Arbitraries.maps(Arbitraries.of("x", "y", "z"), leaf).ofMaxSize(3)
        .map(m -> NodeValue.object(new LinkedHashMap<>(m)));
    Arbitrary<NodeValue.Obj> patch = Combinators.combine(
        Arbitraries.maps(Arbitraries.of("a", "b"), leaf).ofMaxSize(2),
        Arbitraries.maps(Arbitraries.of("g", "h"), inner).ofMaxSize(2))
        .as((leaves, groups) -> {
          Map<String, NodeValue> f = new LinkedHashMap<>(leaves);
          f.putAll(groups);
          return NodeValue.object(f);
        });
    return patch.list().ofMaxSize(6);
  }

  private static Arbitrary<NodeValue> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().ofMaxLength(5).map(NodeValue::of),
        Arbitraries.longs().between(-5, 5).map(NodeValue::of),
        Arbitraries.of(true, false).map(NodeValue::of));
  }

  private static Arbitrary<NodeValue.Obj> objects(int depth, boolean withDeletes) {
    Arbitrary<NodeValue> leaf = withDeletes
        ? Arbitraries.oneOf(scalars(), Arbitraries.just(NodeValue.absent()))
        : scalars();
    Arbitrary<NodeValue> value = depth <= 1 ? leaf
        : Arbitraries.oneOf(leaf, objects(depth - 1, withDeletes).map(o -> (NodeValue) o));
    return Arbitraries.maps(Arbitraries.of("a", "b", "c", "d"), value).ofMaxSize(4)
        .map(m -> NodeValue.object(new LinkedHashMap<>(m)));
  }
}
