package dev.converge.engine.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.EngineFixture;
import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DesiredValidatorTest {

  private final DesiredValidator validator = new DesiredValidator();
  private final CapabilityDefinition items = EngineFixture.load(List.of("items"), new ArrayList<>()).get(0);

  private ValidatedGroup validate(String json) {
    return validator.validate(items, "items", 1, NodeValue.parse(json));
  }

  @Test
  void a_valid_group_yields_its_state_without_meta() {
    ValidatedGroup v = validate("{\"__meta\": {\"deploymentId\": \"d7\"}, \"a\": {\"color\": \"red\"}}");

    DesiredState s = ((ValidatedGroup.Valid) v).state();
    assertThat(s.properties().has("__meta")).isFalse();
    assertThat(s.meta().deploymentId()).isEqualTo("d7");
  }

  @Test
  void each_violation_names_pointer_rule_and_value() {
    ValidatedGroup v = validate("{\"a\": {\"color\": \"pink\", \"size\": 42}, \"B!\": {}}");

    List<ReportedError> errors = ((ValidatedGroup.Invalid) v).errors();
    assertThat(errors).anySatisfy(e -> {
      assertThat(e.context()).isEqualTo("a/color");
      assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
      assertThat(e.parameters()).containsEntry("pointer", "/a/color").containsEntry("rule", "enum")
          .containsEntry("value", "pink");
    });
    assertThat(errors).anySatisfy(e -> assertThat(e.parameters()).containsEntry("pointer", "/a/size")
        .containsEntry("value", "42").containsEntry("rule", "maximum"));
    assertThat(errors).anySatisfy(e -> assertThat(e.message()).contains("B!"));
  }

  @Test
  void a_group_that_is_not_an_object_is_invalid_json() {
    ValidatedGroup v = validate("\"Refreshing\"");

    assertThat(((ValidatedGroup.Invalid) v).errors().get(0).code()).isEqualTo(ErrorCode.INVALID_JSON);
  }

  @Test
  void malformed_meta_is_reported_but_the_deployment_id_is_kept() {
    ValidatedGroup v = validate("{\"__meta\": {\"deploymentId\": \"d9\", \"reportingMode\": \"loud\"}}");

    assertThat(v.meta().deploymentId()).isEqualTo("d9");
    assertThat(((ValidatedGroup.Invalid) v).errors()).singleElement()
        .satisfies(e -> assertThat(e.parameters()).containsEntry("pointer", "/__meta/reportingMode"));
  }

  @Test
  void an_incompatible_major_version_is_refused_and_a_compatible_minor_accepted() {
    assertThat(validate("{\"__meta\": {\"serviceInterfaceVersion\": \"1.9.0\"}}"))
        .isInstanceOf(ValidatedGroup.Valid.class);
    ValidatedGroup v = validate("{\"__meta\": {\"serviceInterfaceVersion\": \"2.0.0\"}}");
    assertThat(((ValidatedGroup.Invalid) v).errors().get(0).code()).isEqualTo(ErrorCode.INTERFACE_VERSION);
  }
}
