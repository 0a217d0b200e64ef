package dev.converge.emulator.twin;

import static dev.converge.emulator.testing.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TwinRulesTest {

  @Test
  void size_is_the_sum_of_key_and_value_lengths() {
    assertThat(size("{'ab':'cde'}")).isEqualTo(2 + 3);
    assertThat(size("{'n':12345678901}")).isEqualTo(1 + 8);
    assertThat(size("{'f':0.5}")).isEqualTo(1 + 8);
    assertThat(size("{'b':false}")).isEqualTo(1 + 4);
    assertThat(size("{'s':''}")).isEqualTo(1);
  }

  @Test
  void a_nested_object_counts_its_key_plus_its_own_members() {
    assertThat(size("{'outer':{'x':'yz','t':true}}")).isEqualTo(5 + (1 + 2) + (1 + 4));
    assertThat(size("{'empty':{}}")).isEqualTo(5);
  }

  @Test
  void an_array_counts_the_sizes_of_its_elements() {
    assertThat(size("{'list':['ab',1,true,{'k':'v'},[]]}")).isEqualTo(4 + 2 + 8 + 4 + (1 + 1));
  }

  @Test
  void strings_count_utf8_bytes() {
    assertThat(TwinRules.stringSize("é")).isEqualTo(2);
    assertThat(TwinRules.stringSize("€")).isEqualTo(3);
    assertThat(TwinRules.stringSize("😀")).isEqualTo(4);
    assertThat(size("{'ключ':'значение'}")).isEqualTo(8 + 16);
  }

  @Test
  void c0_and_c1_control_characters_and_del_do_not_count() {
    assertThat(TwinRules.stringSize("a\u0000\t\n\u001f\u007f\u0080\u0085\u009fb")).isEqualTo(2);
    assertThat(TwinRules.stringSize("\u00a0")).isEqualTo(2);
  }

  @Test
  void checking_normalises_numbers_and_keeps_nulls_for_deletion() {
    TwinRules.Checked checked = TwinRules.check(TwinSection.DESIRED, json("{'i':1,'d':1.5,'gone':null}"));

    assertThat(checked.error()).isNull();
    ObjectNode doc = checked.document();
    assertThat(doc.get("i").isLong()).isTrue();
    assertThat(doc.get("d").isDouble()).isTrue();
    assertThat(doc.get("gone").isNull()).isTrue();
  }

  @Test
  void a_lone_surrogate_is_not_valid_unicode_in_keys_or_strings() {
    assertThat(TwinRules.keyProblem("a\ud800")).contains("surrogate");
    TwinRules.Checked checked = TwinRules.check(TwinSection.REPORTED, json("{'s':'\\ud800'}"));
    assertThat(checked.error().path()).isEqualTo("/properties/reported/s");
  }

  private static long size(String json) {
    TwinRules.Checked checked = TwinRules.check(TwinSection.TAGS, json(json));
    assertThat(checked.error()).isNull();
    return TwinRules.size(checked.document());
  }
}
