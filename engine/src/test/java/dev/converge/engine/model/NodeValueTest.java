package dev.converge.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeValueTest {

  @Test
  void numbers_compare_by_value() {
    assertThat(NodeValue.parse("1")).isEqualTo(NodeValue.parse("1.0")).isEqualTo(NodeValue.parse("1E0"));
    assertThat(NodeValue.parse("100").toJsonText()).isEqualTo("100");
  }

  @Test
  void json_null_is_absent_and_round_trips_as_null() {
    NodeValue v = NodeValue.parse("{\"a\": null}");
    assertThat(((NodeValue.Obj) v).get("a").isAbsent()).isTrue();
    assertThat(v.toJsonText()).isEqualTo("{\"a\":null}");
  }

  @Test
  void text_that_is_not_json_names_the_position() {
    assertThatThrownBy(() -> NodeValue.parse("{\n\"a\": }")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void numbers_beyond_any_representation_are_refused_clearly() {
    assertThatThrownBy(() -> NodeValue.parse("[1e400]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> NodeValue.parse("[100000e2147483648]")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void a_digest_names_its_algorithm_and_hides_the_value() {
    assertThat(NodeValue.of("secret").digest()).startsWith("sha256:").doesNotContain("secret").hasSize(71);
  }
}
