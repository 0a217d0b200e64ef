package dev.converge.emulator.query;

import static dev.converge.emulator.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTest {

  private static final ObjectNode ALPHA = object("{'deviceId':'alpha','etag':'AAAAAAAAAAE=','version':3,"
      + "'status':'enabled','tags':{'environment':'prod','site':{'floor':2},'ring':'Canary','weight':1.5},"
      + "'properties':{'desired':{'fan':{'speed':3},'$version':4},"
      + "'reported':{'os':'linux','fan':{'speed':2},'count':10,'ok':true,'list':[1,2],'note':'it\\u0027s'}},"
      + "'configurations':{'my-config':{'status':'applied'}}}");
  private static final ObjectNode BETA = object("{'deviceId':'beta','status':'enabled',"
      + "'tags':{'environment':'test','site':{'floor':3}},"
      + "'properties':{'desired':{'$version':1},'reported':{'os':'windows','count':2,'ok':false}},"
      + "'configurations':{'my-config':{'status':'targeted'}}}");
  private static final ObjectNode GAMMA = object("{'deviceId':'gamma','status':'disabled','tags':{},"
      + "'properties':{'desired':{'$version':1},'reported':{}}}");
  private static final List<ObjectNode> DEVICES = List.of(ALPHA, BETA, GAMMA);

  private static final ObjectNode MODULE_A = object("{'deviceId':'alpha','moduleId':'sensor','tags':{'kind':'x'},"
      + "'properties':{'desired':{},'reported':{'lastDesiredStatus':{'code':200}}}}");
  private static final ObjectNode MODULE_B = object("{'deviceId':'beta','moduleId':'camera','tags':{'kind':'y'},"
      + "'properties':{'desired':{},'reported':{'lastDesiredStatus':{'code':500}}}}");

  // --- SELECT and FROM ---

  @Test
  void select_star_returns_every_twin_whole_and_in_order() {
    Query query = Query.parse("SELECT * FROM devices");

    assertThat(query.source()).isEqualTo(Source.DEVICES);
    assertThat(query.execute(DEVICES)).containsExactly(ALPHA, BETA, GAMMA);
  }

  @Test
  void rows_are_fresh_copies_so_changing_them_leaves_the_twins_alone() {
    ObjectNode twin = ALPHA.deepCopy();
    List<ObjectNode> rows = Query.parse("SELECT * FROM devices").execute(List.of(twin));
    rows.get(0).put("deviceId", "changed");
    ((ObjectNode) Query.parse("SELECT tags FROM devices").execute(List.of(twin)).get(0).get("tags")).removeAll();

    assertThat(twin).isEqualTo(ALPHA);
  }

  @Test
  void a_path_projection_names_each_value_by_its_last_segment() {
    List<ObjectNode> rows = Query.parse("SELECT deviceId, properties.reported.os, tags.site.floor FROM devices")
        .execute(List.of(ALPHA));

    assertThat(rows).containsExactly(object("{'deviceId':'alpha','os':'linux','floor':2}"));
  }

  @Test
  void a_projected_property_the_twin_lacks_is_left_out_of_its_row() {
    List<ObjectNode> rows = Query.parse("SELECT deviceId, tags.environment FROM devices").execute(DEVICES);

    assertThat(rows).containsExactly(object("{'deviceId':'alpha','environment':'prod'}"),
        object("{'deviceId':'beta','environment':'test'}"), object("{'deviceId':'gamma'}"));
  }

  @Test
  void as_renames_a_projected_property() {
    List<ObjectNode> rows = Query.parse("SELECT deviceId AS id, properties.reported.fan.speed AS [[fan-speed]] "
        + "FROM devices").execute(List.of(ALPHA));

    assertThat(rows).containsExactly(object("{'id':'alpha','fan-speed':2}"));
  }

  @Test
  void two_projections_with_the_same_name_are_refused_at_the_second() {
    assertThatThrownBy(() -> Query.parse("SELECT tags.site.floor, properties.floor FROM devices"))
        .isInstanceOf(QueryException.class)
        .hasMessage("Query syntax error at column 25: the selected property name 'floor' is used twice; "
            + "rename one with AS");
  }

  @Test
  void module_queries_select_from_devices_modules() {
    Query query = Query.parse("SELECT deviceId, moduleId FROM devices.modules "
        + "WHERE properties.reported.lastDesiredStatus.code = 200");

    assertThat(query.source()).isEqualTo(Source.MODULES);
    assertThat(query.execute(List.of(MODULE_A, MODULE_B)))
        .containsExactly(object("{'deviceId':'alpha','moduleId':'sensor'}"));
  }

  @Test
  void count_returns_one_row_with_the_number_of_matching_twins() {
    assertThat(Query.parse("SELECT COUNT() AS n FROM devices WHERE status = 'enabled'").execute(DEVICES))
        .containsExactly(object("{'n':2}"));
    assertThat(Query.parse("select count() as n from devices where tags.environment = 'none'").execute(DEVICES))
        .containsExactly(object("{'n':0}"));
    assertThat(Query.parse("SELECT COUNT() FROM devices").execute(DEVICES)).containsExactly(object("{'$1':3}"));
    assertThat(Query.parse("SELECT COUNT() AS n FROM devices").isCount()).isTrue();
  }

  @Test
  void top_limits_the_number_of_rows() {
    assertThat(Query.parse("SELECT TOP 2 deviceId FROM devices").execute(DEVICES))
        .containsExactly(object("{'deviceId':'alpha'}"), object("{'deviceId':'beta'}"));
    assertThat(Query.parse("SELECT TOP 5 deviceId FROM devices").execute(DEVICES)).hasSize(3);
  }

  @Test
  void keywords_are_case_insensitive_but_paths_and_values_are_case_sensitive() {
    assertThat(ids("sElEcT * FrOm DeViCeS wHeRe tags.environment = 'prod' aNd NoT tags.ring = 'canary'"))
        .containsExactly("alpha");
    assertThat(ids("SELECT * FROM devices WHERE tags.Environment = 'prod'")).isEmpty();
    assertThat(ids("SELECT * FROM devices WHERE tags.ring = 'canary'")).isEmpty();
    assertThat(ids("SELECT * FROM devices WHERE tags.ring = 'Canary'")).containsExactly("alpha");
  }

  // --- comparisons ---

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "properties.reported.count = 10      | alpha",
      "properties.reported.count != 10     | beta",
      "properties.reported.count <> 10     | beta",
      "properties.reported.count < 10      | beta",
      "properties.reported.count <= 10     | alpha beta",
      "properties.reported.count > 2       | alpha",
      "properties.reported.count >= 2      | alpha beta",
      "tags.site.floor = 2.0               | alpha",
      "tags.site.floor = 2e0               | alpha",
      "tags.site.floor > -1                | alpha beta",
      "tags.weight = 1.5                   | alpha",
      "tags.weight < 0x2                   | alpha",
      "properties.reported.os = 'linux'    | alpha",
      "properties.reported.os = \"linux\"  | alpha",
      "properties.reported.os > 'm'        | beta",
      "properties.reported.os < 'm'        | alpha",
      "properties.reported.ok = true       | alpha",
      "properties.reported.ok = false      | beta",
      "properties.reported.ok               | alpha",
      "NOT properties.reported.ok          | beta",
      "'linux' = properties.reported.os    | alpha",
      "properties.desired.fan.speed > properties.reported.fan.speed | alpha",
      "status = 'enabled' AND tags.site.floor = 3 | beta",
      "tags.environment = 'prod' OR tags.environment = 'test' | alpha beta",
      "NOT (tags.environment = 'prod' OR tags.environment = 'test') | -",
      "deviceId = 'gamma' OR tags.environment = 'prod' AND tags.site.floor = 3 | gamma",
      "(deviceId = 'gamma' OR tags.environment = 'prod') AND tags.site.floor = 2 | alpha",
      "NOT NOT deviceId = 'beta'           | beta",
  })
  void comparisons_select_the_expected_twins(String condition, String expected) {
    assertThat(ids("SELECT * FROM devices WHERE " + condition))
        .containsExactlyElementsOf(expected.equals("-") ? List.of() : List.of(expected.split(" ")));
  }

  @Test
  void string_ordering_is_ordinal_so_upper_case_sorts_before_lower_case() {
    assertThat(ids("SELECT * FROM devices WHERE tags.ring < 'a'")).containsExactly("alpha");
    assertThat(ids("SELECT * FROM devices WHERE tags.ring > 'Z'")).isEmpty();
  }

  // --- three-valued logic ---

  @ParameterizedTest
  @ValueSource(strings = {
      "tags.missing = 'x'", "tags.missing != 'x'", "NOT tags.missing = 'x'", "tags.missing < 1",
      "tags.missing = tags.missing", "tags.missing = null"})
  void a_comparison_with_a_missing_property_is_undefined_so_neither_it_nor_its_negation_selects(String c) {
    assertThat(ids("SELECT * FROM devices WHERE " + c)).isEmpty();
    assertThat(ids("SELECT * FROM devices WHERE NOT (" + c + ")")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "tags.site.floor = '2'", "tags.site.floor != '2'", "properties.reported.os = 1",
      "properties.reported.os != true", "properties.reported.ok < 'z'", "tags.site = tags.site",
      "properties.reported.list = properties.reported.list", "properties.reported.ok > false",
      "properties.reported.os != null"})
  void comparing_values_of_different_types_or_non_primitive_values_is_undefined(String c) {
    assertThat(alphaMatches(c)).isFalse();
    assertThat(alphaMatches("NOT (" + c + ")")).isFalse();
  }

  @Test
  void undefined_is_absorbed_by_false_in_and_and_by_true_in_or() {
    assertThat(alphaMatches("tags.missing = 1 OR deviceId = 'alpha'")).isTrue();
    assertThat(alphaMatches("NOT (tags.missing = 1 AND deviceId = 'beta')")).isTrue();
    assertThat(alphaMatches("tags.missing = 1 AND deviceId = 'alpha'")).isFalse();
    assertThat(alphaMatches("NOT (tags.missing = 1 AND deviceId = 'alpha')")).isFalse();
    assertThat(alphaMatches("NOT (tags.missing = 1 OR deviceId = 'beta')")).isFalse();
  }

  @Test
  void a_non_boolean_used_as_a_condition_never_selects() {
    assertThat(alphaMatches("tags.environment")).isFalse();
    assertThat(alphaMatches("NOT tags.environment")).isFalse();
    assertThat(alphaMatches("true")).isTrue();
    assertThat(alphaMatches("NOT false")).isTrue();
  }

  // --- functions and lists ---

  @Test
  void is_defined_is_true_for_any_present_value_including_null_and_never_undefined() {
    ObjectNode withNull = object("{'deviceId':'n','tags':{'gone':null}}");
    Query defined = Query.parse("SELECT * FROM devices WHERE IS_DEFINED(tags.gone)");

    assertThat(defined.matches(withNull)).isTrue();
    assertThat(ids("SELECT * FROM devices WHERE is_defined(tags.site.floor)")).containsExactly("alpha", "beta");
    assertThat(ids("SELECT * FROM devices WHERE NOT IS_DEFINED(tags.environment)")).containsExactly("gamma");
  }

  @Test
  void is_null_is_true_only_for_a_present_null() {
    ObjectNode withNull = object("{'deviceId':'n','tags':{'gone':null,'here':1}}");

    assertThat(Query.parse("SELECT * FROM devices WHERE IS_NULL(tags.gone)").matches(withNull)).isTrue();
    assertThat(Query.parse("SELECT * FROM devices WHERE IS_NULL(tags.here)").matches(withNull)).isFalse();
    assertThat(Query.parse("SELECT * FROM devices WHERE NOT IS_NULL(tags.missing)").matches(withNull)).isTrue();
  }

  @Test
  void startswith_and_endswith_are_case_sensitive_and_undefined_on_non_strings() {
    assertThat(ids("SELECT * FROM devices WHERE STARTSWITH(deviceId, 'al')")).containsExactly("alpha");
    assertThat(ids("SELECT * FROM devices WHERE startswith(deviceId, 'AL')")).isEmpty();
    assertThat(ids("SELECT * FROM devices WHERE ENDSWITH(deviceId, 'a')")).containsExactly("alpha", "beta",
        "gamma");
    assertThat(ids("SELECT * FROM devices WHERE STARTS_WITH(tags.ring, 'Can')")).containsExactly("alpha");
    assertThat(ids("SELECT * FROM devices WHERE NOT STARTSWITH(tags.site.floor, '2')")).isEmpty();
    assertThat(ids("SELECT * FROM devices WHERE NOT ENDS_WITH(tags.missing, 'x')")).isEmpty();
  }

  @Test
  void in_and_nin_test_membership_in_a_constant_list() {
    assertThat(ids("SELECT * FROM devices WHERE tags.environment IN ['prod', 'staging']")).containsExactly("alpha");
    assertThat(ids("SELECT * FROM devices WHERE tags.site.floor in [3, 'x', 4.0]")).containsExactly("beta");
    assertThat(ids("SELECT * FROM devices WHERE tags.environment NIN ['prod']")).containsExactly("beta");
    assertThat(ids("SELECT * FROM devices WHERE tags.environment IN []")).isEmpty();
    assertThat(ids("SELECT * FROM devices WHERE deviceId NIN []")).containsExactly("alpha", "beta", "gamma");
    assertThat(ids("SELECT * FROM devices WHERE tags.site IN ['x']")).isEmpty();
    assertThat(ids("SELECT * FROM devices WHERE tags.site NIN ['x']")).isEmpty();
  }

  // --- paths and literals ---

  @Test
  void configuration_status_compares_ignoring_case_as_iot_hubs_own_applied_count_query_needs() {
    assertThat(ids("SELECT deviceId FROM devices WHERE configurations.[[my-config]].status = 'Applied'"))
        .containsExactly("alpha");
    assertThat(ids("SELECT deviceId FROM devices WHERE configurations.[[my-config]].status != 'APPLIED'"))
        .doesNotContain("alpha");
    // Everywhere else strings stay case-sensitive.
    assertThat(ids("SELECT deviceId FROM devices WHERE deviceId = 'ALPHA'")).isEmpty();
  }

  @Test
  void a_double_bracketed_segment_may_hold_characters_a_plain_name_cannot() {
    assertThat(ids("SELECT * FROM devices WHERE configurations.[[my-config]].status = 'applied'"))
        .containsExactly("alpha");
    assertThat(Query.parse("SELECT configurations.[[my-config]] FROM devices").execute(List.of(BETA)))
        .containsExactly(object("{'my-config':{'status':'targeted'}}"));
  }

  @Test
  void a_keyword_after_a_dot_is_a_plain_property_name() {
    ObjectNode twin = object("{'deviceId':'k','tags':{'select':1,'and':{'from':2}}}");

    assertThat(Query.parse("SELECT * FROM devices WHERE tags.select = 1 AND tags.and.from = 2").matches(twin))
        .isTrue();
  }

  @Test
  void dollar_names_such_as_version_are_paths() {
    assertThat(ids("SELECT * FROM devices WHERE properties.desired.$version = 4")).containsExactly("alpha");
  }

  @Test
  void string_literals_take_either_quote_and_backslash_escapes() {
    ObjectNode twin = object("{'deviceId':'q','tags':{'a':'it\\u0027s','b':'say \\u0022hi\\u0022',"
        + "'c':'back\\\\slash','d':'caf\\u00e9'}}");

    assertThat(Query.parse("SELECT * FROM devices WHERE tags.a = 'it\\'s'").matches(twin)).isTrue();
    assertThat(Query.parse("SELECT * FROM devices WHERE tags.a = \"it's\"").matches(twin)).isTrue();
    assertThat(Query.parse("SELECT * FROM devices WHERE tags.b = \"say \\\"hi\\\"\"").matches(twin)).isTrue();
    assertThat(Query.parse("SELECT * FROM devices WHERE tags.c = 'back\\\\slash'").matches(twin)).isTrue();
    assertThat(Query.parse("SELECT * FROM devices WHERE tags.d = 'caf\\u00e9'").matches(twin)).isTrue();
  }

  @Test
  void number_literals_may_be_negative_decimal_exponent_or_hexadecimal() {
    ObjectNode twin = object("{'deviceId':'n','tags':{'neg':-3,'dec':0.25,'big':1000,'hex':255}}");

    assertThat(Query.parse("SELECT * FROM devices WHERE tags.neg = -3 AND tags.dec = 0.250 AND tags.big = 1e3 "
        + "AND tags.big = 1E+3 AND tags.hex = 0xFF AND tags.dec = 25e-2").matches(twin)).isTrue();
  }

  @Test
  void null_literal_equals_a_present_null() {
    ObjectNode twin = object("{'deviceId':'n','tags':{'gone':null}}");

    assertThat(Query.parse("SELECT * FROM devices WHERE tags.gone = null").matches(twin)).isTrue();
    assertThat(Query.parse("SELECT * FROM devices WHERE tags.gone != null").matches(twin)).isFalse();
  }

  // --- canonical printing ---

  @Test
  void to_string_prints_a_canonical_query_that_parses_to_the_same_query() {
    Query query = Query.parse("select top 3 deviceId as id, configurations.[[cfg-1]] from devices.modules "
        + "where not (tags.a = 'x' or tags.b <> 2) and is_defined(tags.c) and tags.d nin [1, 'y', null]");
    String printed = query.toString();

    assertThat(printed).isEqualTo("SELECT TOP 3 deviceId AS id, configurations.[[cfg-1]] FROM devices.modules "
        + "WHERE (((NOT (tags.a = 'x' OR tags.b != 2)) AND IS_DEFINED(tags.c)) AND tags.d NIN [1, 'y', null])");
    assertThat(Query.parse(printed).toString()).isEqualTo(printed);
  }

  // --- helpers ---

  private static List<String> ids(String query) {
    return Query.parse(query).execute(DEVICES).stream().map(t -> t.get("deviceId").textValue())
        .collect(Collectors.toList());
  }

  private static boolean alphaMatches(String condition) {
    return Query.parse("SELECT * FROM devices WHERE " + condition).matches(ALPHA);
  }
}
