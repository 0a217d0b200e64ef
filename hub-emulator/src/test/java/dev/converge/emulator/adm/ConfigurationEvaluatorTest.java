package dev.converge.emulator.adm;

import static dev.converge.emulator.testing.Json.content;
import static dev.converge.emulator.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.twin.TwinDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationEvaluatorTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2025-03-01T10:00:00Z"));
  private final ConfigurationStore store = new ConfigurationStore(clock);

  private List<ObjectNode> devices = new ArrayList<>(List.of(
      device("prod-1", "{'environment':'prod'}", "{'os':'linux'}"),
      device("prod-2", "{'environment':'prod'}", "{'os':'windows'}"),
      device("test-1", "{'environment':'test'}", "{'os':'linux'}")));
  private List<ObjectNode> modules = new ArrayList<>(List.of(
      module("prod-1", "sensor", "{'kind':'sensor'}"), module("prod-1", "camera", "{'kind':'camera'}")));

  // --- targeting and content ---

  @Test
  void a_configuration_patches_the_desired_properties_of_the_twins_it_targets() {
    create("fan", "tags.environment='prod'", 10, "{'properties.desired.fan':{'speed':3,'mode':'eco'}}");

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isEqualTo(doc("{'fan':{'speed':3,'mode':'eco'}}"));
    assertThat(patch(e, "prod-2")).isEqualTo(doc("{'fan':{'speed':3,'mode':'eco'}}"));
    assertThat(patch(e, "test-1")).isNull();
    assertThat(section(e, "prod-1")).isEqualTo(doc("{'fan':{'status':'applied'}}"));
    assertThat(section(e, "test-1")).isEqualTo(doc("{}"));
    assertThat(e.twin(new TwinKey("test-1", null)).orElseThrow().needsWrite()).isFalse();
  }

  @Test
  void a_star_targets_every_device_and_an_empty_condition_targets_none() {
    create("all", "*", 1, "{'properties.desired.a':1}");
    create("none", "", 1, "{'properties.desired.b':1}");

    Evaluation e = evaluate();

    assertThat(e.counts("all").orElseThrow().targetedCount()).isEqualTo(3);
    assertThat(e.counts("none").orElseThrow().targetedCount()).isZero();
    assertThat(patch(e, "test-1")).isEqualTo(doc("{'a':1}"));
  }

  @Test
  void the_highest_priority_wins_a_path_and_the_loser_is_only_targeted_there() {
    create("low", "tags.environment='prod'", 5, "{'properties.desired.fan.speed':1}");
    clock.advance(Duration.ofMinutes(1));
    create("high", "properties.reported.os='linux'", 20, "{'properties.desired.fan.speed':9}");

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isEqualTo(doc("{'fan':{'speed':9}}"));
    assertThat(section(e, "prod-1")).isEqualTo(doc("{'high':{'status':'applied'},'low':{'status':'targeted'}}"));
    assertThat(patch(e, "prod-2")).isEqualTo(doc("{'fan':{'speed':1}}"));
    assertThat(section(e, "prod-2")).isEqualTo(doc("{'low':{'status':'applied'}}"));
    assertThat(e.counts("low").orElseThrow().systemResults()).isEqualTo(Map.of("targetedCount", 2L,
        "appliedCount", 1L));
    assertThat(e.counts("high").orElseThrow().systemResults()).isEqualTo(Map.of("targetedCount", 2L,
        "appliedCount", 2L));
  }

  @Test
  void with_equal_priority_the_most_recently_created_configuration_wins() {
    create("newer", "*", 7, "{'properties.desired.mode':'newer'}");
    clock.advance(Duration.ofSeconds(-30));
    create("older", "*", 7, "{'properties.desired.mode':'older'}");

    assertThat(patch(evaluate(), "prod-1")).isEqualTo(doc("{'mode':'newer'}"));
  }

  @Test
  void equal_priority_and_creation_time_fall_to_the_greater_id_whatever_the_input_order() {
    create("aaa", "*", 7, "{'properties.desired.mode':'aaa'}");
    create("zzz", "*", 7, "{'properties.desired.mode':'zzz'}");
    List<Configuration> reversed = new ArrayList<>(store.list());
    Collections.reverse(reversed);

    assertThat(patch(evaluate(), "prod-1")).isEqualTo(doc("{'mode':'zzz'}"));
    assertThat(patch(ConfigurationEvaluator.evaluate(devices, modules, reversed), "prod-1"))
        .isEqualTo(doc("{'mode':'zzz'}"));
  }

  @Test
  void a_configuration_that_wins_some_paths_and_loses_others_is_applied() {
    create("base", "*", 1, "{'properties.desired.a':'base','properties.desired.b':'base'}");
    create("override", "*", 2, "{'properties.desired.a':'override'}");

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isEqualTo(doc("{'a':'override','b':'base'}"));
    assertThat(section(e, "prod-1"))
        .isEqualTo(doc("{'base':{'status':'applied'},'override':{'status':'applied'}}"));
  }

  @Test
  void a_configuration_without_content_is_targeted_but_never_applied() {
    create("watch", "tags.environment='test'", 1, "{}");

    Evaluation e = evaluate();

    assertThat(section(e, "test-1")).isEqualTo(doc("{'watch':{'status':'targeted'}}"));
    assertThat(e.counts("watch").orElseThrow().systemResults())
        .isEqualTo(Map.of("targetedCount", 1L, "appliedCount", 0L));
  }

  @Test
  void a_value_replaces_the_whole_value_at_its_path() {
    devices.set(0, device("prod-1", "{'environment':'prod'}", "{}", "{'fan':{'speed':1,'extra':true},'$version':5}"));
    create("fan", "deviceId='prod-1'", 1, "{'properties.desired.fan':{'speed':2}}");

    assertThat(patch(evaluate(), "prod-1")).isEqualTo(doc("{'fan':{'speed':2,'extra':null}}"));
  }

  @Test
  void null_removes_a_property_and_nulls_inside_an_object_value_are_dropped() {
    devices.set(0, device("prod-1", "{'environment':'prod'}", "{}", "{'old':1,'keep':2,'$version':3}"));
    create("cleanup", "deviceId='prod-1'", 1, "{'properties.desired.old':null,'properties.desired.new':{'a':1,"
        + "'b':null}}");

    assertThat(patch(evaluate(), "prod-1")).isEqualTo(doc("{'old':null,'new':{'a':1}}"));
  }

  @Test
  void the_whole_desired_section_as_a_path_sets_each_member_and_keeps_the_rest() {
    devices.set(0, device("prod-1", "{'environment':'prod'}", "{}", "{'mine':1,'$version':2}"));
    create("root", "deviceId='prod-1'", 1, "{'properties.desired':{'a':1,'b':{'c':2}}}");

    assertThat(patch(evaluate(), "prod-1")).isEqualTo(doc("{'a':1,'b':{'c':2}}"));
  }

  @Test
  void a_higher_ranked_nested_path_is_written_inside_a_lower_ranked_parent() {
    create("parent", "*", 1, "{'properties.desired.fan':{'speed':1,'mode':'eco'}}");
    create("child", "*", 5, "{'properties.desired.fan.speed':9}");

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isEqualTo(doc("{'fan':{'speed':9,'mode':'eco'}}"));
    assertThat(section(e, "prod-1"))
        .isEqualTo(doc("{'child':{'status':'applied'},'parent':{'status':'applied'}}"));
  }

  @Test
  void a_higher_ranked_parent_path_defeats_a_lower_ranked_nested_path() {
    create("child", "*", 1, "{'properties.desired.fan.speed':9}");
    create("parent", "*", 5, "{'properties.desired.fan':{'mode':'eco'}}");

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isEqualTo(doc("{'fan':{'mode':'eco'}}"));
    assertThat(section(e, "prod-1"))
        .isEqualTo(doc("{'child':{'status':'targeted'},'parent':{'status':'applied'}}"));
  }

  @Test
  void read_only_desired_members_such_as_version_are_left_alone() {
    devices.set(0, device("prod-1", "{'environment':'prod'}", "{}", "{'a':1,'$version':9,'$metadata':{'x':1}}"));
    create("a", "deviceId='prod-1'", 1, "{'properties.desired.a':1}");

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isNull();
    assertThat(section(e, "prod-1")).isEqualTo(doc("{'a':{'status':'applied'}}"));
  }

  @Test
  void numbers_equal_in_value_need_no_patch() {
    devices.set(0, device("prod-1", "{'environment':'prod'}", "{}", "{'n':1,'d':2.5,'list':[1,2.0]}"));
    create("n", "deviceId='prod-1'", 1, "{'properties.desired.n':1.0,'properties.desired.d':2.50,"
        + "'properties.desired.list':[1.0,2]}");

    assertThat(patch(evaluate(), "prod-1")).isNull();
  }

  // --- modules ---

  @Test
  void a_module_configuration_patches_module_twins_only() {
    create("sensors", "FROM devices.modules WHERE tags.kind='sensor'", 1, "{}",
        "{'properties.desired.rate':5}");

    Evaluation e = evaluate();

    assertThat(patchOf(e, new TwinKey("prod-1", "sensor"))).isEqualTo(doc("{'rate':5}"));
    assertThat(patchOf(e, new TwinKey("prod-1", "camera"))).isNull();
    assertThat(patch(e, "prod-1")).isNull();
    assertThat(e.twin(new TwinKey("prod-1", "sensor")).orElseThrow().configurations())
        .isEqualTo(doc("{'sensors':{'status':'applied'}}"));
    assertThat(section(e, "prod-1")).isEqualTo(doc("{}"));
    assertThat(e.counts("sensors").orElseThrow().targetedCount()).isEqualTo(1);
  }

  @Test
  void device_and_module_configurations_do_not_compete_for_paths() {
    create("device", "*", 1, "{'properties.desired.rate':1}");
    create("module", "FROM devices.modules WHERE tags.kind='sensor'", 99, "{}", "{'properties.desired.rate':5}");

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isEqualTo(doc("{'rate':1}"));
    assertThat(patchOf(e, new TwinKey("prod-1", "sensor"))).isEqualTo(doc("{'rate':5}"));
  }

  // --- metrics ---

  @Test
  void custom_metrics_count_the_rows_their_query_returns_after_the_evaluation() {
    devices.set(2, device("test-1", "{'environment':'test'}", "{'os':'linux','fw':{'status':'pending'}}"));
    store.create(Configuration.of("fw", ConfigurationContent.ofDevice(content("{'properties.desired.fw':"
        + "{'version':'2.0'}}")), "properties.reported.os='linux'", 1, Map.of(), Map.of(
            "applied", "SELECT deviceId FROM devices WHERE configurations.[[fw]].status = 'applied'",
            "pending", "SELECT deviceId FROM devices WHERE properties.reported.fw.status='pending'",
            "wanted", "SELECT deviceId FROM devices WHERE properties.desired.fw.version = '2.0'",
            "count", "SELECT COUNT() AS n FROM devices",
            "modules", "SELECT deviceId, moduleId FROM devices.modules")));

    ConfigurationCounts counts = evaluate().counts("fw").orElseThrow();

    assertThat(counts.metrics()).isEqualTo(Map.of("applied", 2L, "pending", 1L, "wanted", 2L, "count", 1L,
        "modules", 2L));
  }

  // --- convergence and removal ---

  @Test
  void evaluating_again_after_applying_the_result_asks_for_nothing() {
    create("a", "tags.environment='prod'", 1, "{'properties.desired.fan':{'speed':3},'properties.desired.x':null}");
    create("b", "*", 2, "{'properties.desired.fan.mode':'eco','properties.desired.list':[1,{'k':'v'}]}");
    create("m", "FROM devices.modules WHERE tags.kind='camera'", 1, "{}", "{'properties.desired.res':'4k'}");
    Evaluation first = evaluate();
    assertThat(first.isConverged()).isFalse();

    devices = Hub.apply(devices, first);
    modules = Hub.apply(modules, first);
    Evaluation second = evaluate();

    assertThat(second.changes()).isEmpty();
    assertThat(second.isConverged()).isTrue();
    assertThat(second.configurations()).isEqualTo(first.configurations());
  }

  @Test
  void a_value_changed_by_hand_is_set_back_on_the_next_run() {
    create("fan", "*", 1, "{'properties.desired.fan':{'speed':3}}");
    devices = Hub.apply(devices, evaluate());
    ((ObjectNode) devices.get(0).at("/properties/desired/fan")).put("speed", 7);

    assertThat(patch(evaluate(), "prod-1")).isEqualTo(doc("{'fan':{'speed':3}}"));
  }

  @Test
  void a_twin_that_leaves_the_target_keeps_the_values_but_loses_the_status() {
    create("fan", "tags.environment='prod'", 1, "{'properties.desired.fan':{'speed':3}}");
    devices = Hub.apply(devices, evaluate());
    devices.set(0, retag(devices.get(0), "{'environment':'retired'}"));

    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isNull();
    assertThat(section(e, "prod-1")).isEqualTo(doc("{}"));
    assertThat(e.twin(new TwinKey("prod-1", null)).orElseThrow().configurationsChanged()).isTrue();
    assertThat(e.counts("fan").orElseThrow().targetedCount()).isEqualTo(1);
  }

  @Test
  void after_a_delete_the_next_configuration_takes_over_its_paths_and_other_values_stay() {
    create("base", "*", 1, "{'properties.desired.fan':{'speed':1}}");
    create("top", "*", 9, "{'properties.desired.fan':{'speed':9},'properties.desired.only':'top'}");
    devices = Hub.apply(devices, evaluate());
    assertThat(devices.get(0).at("/properties/desired/fan/speed").intValue()).isEqualTo(9);

    store.delete("top");
    Evaluation e = evaluate();

    assertThat(patch(e, "prod-1")).isEqualTo(doc("{'fan':{'speed':1}}"));
    assertThat(section(e, "prod-1")).isEqualTo(doc("{'base':{'status':'applied'}}"));
  }

  @Test
  void a_stale_configurations_section_is_rewritten() {
    devices.set(0, device("prod-1", "{'environment':'prod'}", "{}").put("x", 1));
    devices.get(0).putObject("configurations").putObject("gone").put("status", "applied");

    Evaluation e = evaluate();

    assertThat(section(e, "prod-1")).isEqualTo(doc("{}"));
    assertThat(e.changes()).extracting(TwinAssignment::twin).containsExactly(new TwinKey("prod-1", null));
  }

  @Test
  void the_twins_passed_in_are_not_changed() {
    create("fan", "*", 1, "{'properties.desired.fan':{'speed':3}}");
    List<ObjectNode> before = devices.stream().map(ObjectNode::deepCopy).toList();

    evaluate();

    assertThat(devices).isEqualTo(before);
  }

  // --- helpers ---

  private void create(String id, String target, int priority, String deviceContent) {
    create(id, target, priority, deviceContent, "{}");
  }

  private void create(String id, String target, int priority, String deviceContent, String moduleContent) {
    store.create(Configuration.of(id, new ConfigurationContent(content(deviceContent), content(moduleContent),
        Map.of()), target, priority, Map.of(), Map.of()));
  }

  private Evaluation evaluate() {
    return ConfigurationEvaluator.evaluate(devices, modules, store.list());
  }

  private static ObjectNode device(String id, String tags, String reported) {
    return device(id, tags, reported, "{'$version':1}");
  }

  private static ObjectNode device(String id, String tags, String reported, String desired) {
    return object("{'deviceId':'" + id + "','etag':'AAAAAAAAAAE=','status':'enabled','tags':" + tags
        + ",'properties':{'desired':" + desired + ",'reported':" + reported + "}}");
  }

  private static ObjectNode module(String deviceId, String moduleId, String tags) {
    return object("{'deviceId':'" + deviceId + "','moduleId':'" + moduleId + "','tags':" + tags
        + ",'properties':{'desired':{'$version':1},'reported':{}}}");
  }

  private static ObjectNode retag(ObjectNode twin, String tags) {
    ObjectNode copy = twin.deepCopy();
    copy.set("tags", object(tags));
    return copy;
  }

  /** The desired patch for a device, or null when there is none. */
  private static TwinDocument patch(Evaluation e, String deviceId) {
    return patchOf(e, new TwinKey(deviceId, null));
  }

  private static TwinDocument patchOf(Evaluation e, TwinKey key) {
    return e.twin(key).orElseThrow().desiredPatch().orElse(null);
  }

  private static TwinDocument section(Evaluation e, String deviceId) {
    return e.twin(new TwinKey(deviceId, null)).orElseThrow().configurations();
  }

  private static TwinDocument doc(String singleQuoted) {
    return TwinDocument.copyOf(object(singleQuoted));
  }
}
