package dev.converge.emulator.query;

import static dev.converge.emulator.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetConditionTest {

  private static final ObjectNode PROD_LINUX = object("{'deviceId':'d1','tags':{'environment':'prod'},"
      + "'properties':{'desired':{},'reported':{'os':'linux'}}}");
  private static final ObjectNode TEST_LINUX = object("{'deviceId':'d2','tags':{'environment':'test'},"
      + "'properties':{'desired':{},'reported':{'os':'linux'}}}");
  private static final ObjectNode MODULE = object("{'deviceId':'d1','moduleId':'m1','tags':{'environment':'prod'},"
      + "'properties':{'desired':{},'reported':{}}}");

  @Test
  void a_bare_condition_targets_device_twins_that_satisfy_it() {
    TargetCondition target = TargetCondition.parse("tags.environment='prod' AND properties.reported.os='linux'");

    assertThat(target.source()).isEqualTo(Source.DEVICES);
    assertThat(target.isEmpty()).isFalse();
    assertThat(target.matches(PROD_LINUX)).isTrue();
    assertThat(target.matches(TEST_LINUX)).isFalse();
  }

  @Test
  void a_star_targets_every_device_twin() {
    TargetCondition target = TargetCondition.parse(" * ");

    assertThat(target.source()).isEqualTo(Source.DEVICES);
    assertThat(target.matches(PROD_LINUX)).isTrue();
    assertThat(target.matches(object("{'deviceId':'bare'}"))).isTrue();
    assertThat(target.toString()).isEqualTo("*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void an_empty_condition_is_valid_and_targets_nothing(String text) {
    TargetCondition target = TargetCondition.parse(text);

    assertThat(target.isEmpty()).isTrue();
    assertThat(target.matches(PROD_LINUX)).isFalse();
  }

  @Test
  void a_module_condition_starts_with_from_devices_modules_where() {
    TargetCondition target = TargetCondition.parse("from devices.modules where tags.environment='prod'");

    assertThat(target.source()).isEqualTo(Source.MODULES);
    assertThat(target.matches(MODULE)).isTrue();
    assertThat(target.toString()).isEqualTo("FROM devices.modules WHERE tags.environment = 'prod'");
  }

  @Test
  void from_devices_where_is_a_spelled_out_device_condition() {
    TargetCondition target = TargetCondition.parse("FROM devices WHERE tags.environment = 'test'");

    assertThat(target.source()).isEqualTo(Source.DEVICES);
    assertThat(target.matches(TEST_LINUX)).isTrue();
  }

  @Test
  void an_undefined_condition_does_not_target() {
    assertThat(TargetCondition.parse("tags.missing != 'x'").matches(PROD_LINUX)).isFalse();
  }

  @Test
  void errors_name_the_column_in_the_condition_text() {
    assertThatThrownBy(() -> TargetCondition.parse("tags.environment='prod' AND properties.reported.os="))
        .isInstanceOf(QueryException.class)
        .hasMessage("Query syntax error at column 52: expected a value after '=' but found end of query");
    assertThatThrownBy(() -> TargetCondition.parse("tags.a='x'="))
        .hasMessage("Query syntax error at column 11: expected AND, OR or the end of the condition but found '='");
  }

  @Test
  void the_wildcard_cannot_target_all_modules() {
    assertThatThrownBy(() -> TargetCondition.parse("FROM devices.modules WHERE *"))
        .isInstanceOf(QueryException.class)
        .hasMessage("Query syntax error at column 28: expected a condition but found '*'");
  }

  @Test
  void a_module_condition_needs_where() {
    assertThatThrownBy(() -> TargetCondition.parse("FROM devices.modules"))
        .hasMessage("Query syntax error at column 21: expected WHERE after the collection but found end of query");
  }

  @Test
  void a_full_query_is_not_a_target_condition() {
    assertThatThrownBy(() -> TargetCondition.parse("SELECT * FROM devices WHERE tags.a = 1"))
        .hasMessage("Query syntax error at column 1: expected a condition but found 'SELECT'");
  }
}
