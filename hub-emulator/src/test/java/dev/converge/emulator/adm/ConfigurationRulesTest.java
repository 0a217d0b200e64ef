package dev.converge.emulator.adm;

import static dev.converge.emulator.testing.Json.content;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule a create (or update) is checked against, each refusal naming the field and the offending value. */
class ConfigurationRulesTest {

  private final ConfigurationStore store = new ConfigurationStore(new FakeClock(Instant.parse("2025-01-01T00:00:00Z")));

  // --- id ---

  @ParameterizedTest
  @ValueSource(strings = {"a", "fw-update-2", "0", "a-:+%_#*?!(),=@;$'z"})
  void ids_of_lower_case_letters_digits_and_the_allowed_punctuation_are_accepted(String id) {
    assertThat(store.create(device(id, "{}", "*")).id()).isEqualTo(id);
  }

  @Test
  void an_id_of_128_characters_is_accepted_and_129_is_refused() {
    store.create(device("x".repeat(128), "{}", "*"));

    assertRefused(device("y".repeat(129), "{}", "*"), "id", "has 129 characters; at most 128");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "Fan     | 'Fan' contains 'F'",
      "fan one | 'fan one' contains ' '",
      "fan/1   | 'fan/1' contains '/'",
      "fan.1   | 'fan.1' contains '.'",
      "fan&1   | 'fan&1' contains '&'",
      "fän     | 'fän' contains 'ä'",
  })
  void ids_with_other_characters_are_refused_naming_the_character(String id, String message) {
    assertRefused(device(id, "{}", "*"), "id", message);
  }

  @Test
  void an_id_is_required() {
    assertRefused(device("", "{}", "*"), "id", "is required");
  }

  // --- priority and target condition ---

  @Test
  void a_negative_priority_is_refused_and_zero_is_accepted() {
    assertRefused(Configuration.of("p", ConfigurationContent.empty(), "*", -1, Map.of(), Map.of()), "priority",
        "-1 is negative");
    assertThat(store.create(Configuration.of("p", ConfigurationContent.empty(), "*", 0, Map.of(), Map.of()))
        .priority()).isZero();
  }

  @Test
  void a_malformed_target_condition_is_refused_with_the_column() {
    assertRefused(device("t", "{}", "tags.environment='prod' AND"), "targetCondition",
        "'tags.environment='prod' AND' is not valid: Query syntax error at column 28: expected a condition but "
            + "found end of query");
  }

  @Test
  void module_content_needs_a_module_target_condition() {
    assertRefused(module("m", "{'properties.desired.a':1}", "tags.environment='prod'"), "targetCondition",
        "'tags.environment='prod'' selects device twins, but moduleContent needs a condition starting FROM "
            + "devices.modules WHERE");
    assertRefused(module("m", "{'properties.desired.a':1}", "*"), "targetCondition", "'*' selects device twins");
  }

  @Test
  void device_content_needs_a_device_target_condition() {
    assertRefused(device("d", "{'properties.desired.a':1}", "FROM devices.modules WHERE tags.a = 1"),
        "targetCondition", "selects module twins, but deviceContent and modulesContent apply to devices");
  }

  @Test
  void device_and_module_content_cannot_be_mixed() {
    assertRefused(Configuration.of("both", new ConfigurationContent(content("{'properties.desired.a':1}"),
        content("{'properties.desired.b':1}"), Map.of()), "*", 1, Map.of(), Map.of()), "content",
        "has both deviceContent [properties.desired.a] and moduleContent [properties.desired.b]");
  }

  @Test
  void iot_edge_modules_content_is_stored_with_a_device_target() {
    Configuration edge = Configuration.of("edge", new ConfigurationContent(Map.of(), Map.of(), Map.of("$edgeAgent",
        content("{'properties.desired':{'schemaVersion':'1.1'}}"))), "tags.edge=true", 1, Map.of(), Map.of());

    assertThat(store.create(edge).content().modulesContent()).containsOnlyKeys("$edgeAgent");
  }

  // --- metrics ---

  @Test
  void at_most_five_custom_metrics_are_accepted() {
    Map<String, String> five = new LinkedHashMap<>();
    for (int i = 1; i <= 5; i++) {
      five.put("m" + i, "SELECT deviceId FROM devices");
    }
    store.create(Configuration.of("five", ConfigurationContent.empty(), "*", 1, Map.of(), five));
    Map<String, String> six = new LinkedHashMap<>(five);
    six.put("m6", "SELECT deviceId FROM devices");

    assertRefused(Configuration.of("six", ConfigurationContent.empty(), "*", 1, Map.of(), six), "metrics.queries",
        "6 custom metrics [m1, m2, m3, m4, m5, m6]; at most 5");
  }

  @Test
  void a_malformed_metric_query_is_refused_naming_the_metric_and_the_column() {
    assertRefused(Configuration.of("q", ConfigurationContent.empty(), "*", 1, Map.of(),
        Map.of("pending", "SELECT deviceId FROM devices WHERE properties.reported.status=")), "metrics.queries.pending",
        "is not valid: Query syntax error at column 63: expected a value after '=' but found end of query");
    assertRefused(Configuration.of("q", ConfigurationContent.empty(), "*", 1, Map.of(), Map.of("blank", " ")),
        "metrics.queries.blank", "a metric needs a query, not ' '");
  }

  // --- content ---

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{'tags.ring':'a'}                     | content.deviceContent | path 'tags.ring' is not a desired property",
      "{'properties.reported.a':1}           | content.deviceContent | path 'properties.reported.a' is not a desired",
      "{'properties.desiredx':1}             | content.deviceContent | path 'properties.desiredx' is not a desired",
      "{'properties.desired.':1}             | content.deviceContent | path 'properties.desired.': property names must not be empty",
      "{'properties.desired.a..b':1}         | content.deviceContent | path 'properties.desired.a..b': property names",
      "{'properties.desired.a$b':1}          | content.deviceContent | 'a$b' contains U+0024",
      "{'properties.desired.a b':1}          | content.deviceContent | 'a b' contains U+0020",
      "{'properties.desired':5}              | content.deviceContent.properties.desired | must be set to a JSON object, not 5",
      "{'properties.desired.a':{'b.c':1}}    | content.deviceContent.properties.desired.a | key 'b.c': 'b.c' contains U+002E",
      "{'properties.desired.a':{'$v':1}}     | content.deviceContent.properties.desired.a | key '$v'",
      "{'properties.desired.a':[1,null]}     | content.deviceContent.properties.desired.a | null inside an array",
      "{'properties.desired.a':4503599627370496} | content.deviceContent.properties.desired.a | integer 4503599627370496 is outside",
  })
  void content_paths_and_values_follow_the_desired_property_rules(String deviceContent, String field, String message) {
    assertRefused(device("c", deviceContent, "*"), field, message);
  }

  @Test
  void a_string_of_4096_utf8_bytes_is_accepted_and_4097_is_refused() {
    store.create(withValue("ok", JsonNodeFactory.instance.textNode("é".repeat(2048))));

    assertRefused(withValue("long", JsonNodeFactory.instance.textNode("é".repeat(2048) + "x")),
        "content.deviceContent.properties.desired.s", "a string of 4097 UTF-8 bytes; at most 4096");
  }

  @Test
  void objects_may_nest_ten_levels_counting_the_path_and_not_eleven() {
    // l1 and l2 are levels 1 and 2; the value of l3 starts at level 3.
    store.create(device("ten", "{'properties.desired.l1.l2.l3':" + nested(8) + "}", "*"));
    store.create(device("root", "{'properties.desired':" + nested(11) + "}", "*"));

    assertRefused(device("eleven", "{'properties.desired.l1.l2.l3':" + nested(9) + "}", "*"),
        "content.deviceContent.properties.desired.l1.l2.l3", "nests objects 11 levels deep; desired properties allow 10");
    assertRefused(device("root-eleven", "{'properties.desired':" + nested(12) + "}", "*"),
        "content.deviceContent.properties.desired", "nests objects 11 levels deep");
  }

  @Test
  void content_larger_than_a_desired_section_is_refused() {
    Map<String, JsonNode> big = new LinkedHashMap<>();
    for (int i = 0; i < 9; i++) {
      big.put("properties.desired.k" + i, JsonNodeFactory.instance.textNode("x".repeat(4000)));
    }

    assertRefused(Configuration.of("big", ConfigurationContent.ofDevice(big), "*", 1, Map.of(), Map.of()),
        "content.deviceContent", "holds 36018 bytes of desired properties; a twin's desired properties hold at most "
            + "32768");
  }

  @Test
  void a_refused_create_stores_nothing() {
    catchThrowableOfType(ConfigurationException.class, () -> store.create(device("x", "{'tags.a':1}", "*")));

    assertThat(store.list()).isEmpty();
  }

  // --- helpers ---

  private void assertRefused(Configuration requested, String field, String message) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> store.create(requested));

    assertThat(e).as("expected %s to be refused", requested.id()).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + ": ").contains(message);
  }

  private static Configuration device(String id, String deviceContent, String target) {
    return Configuration.of(id, ConfigurationContent.ofDevice(content(deviceContent)), target, 1, Map.of(), Map.of());
  }

  private static Configuration module(String id, String moduleContent, String target) {
    return Configuration.of(id, ConfigurationContent.ofModule(content(moduleContent)), target, 1, Map.of(), Map.of());
  }

  private static Configuration withValue(String id, JsonNode value) {
    return Configuration.of(id, ConfigurationContent.ofDevice(Map.of("properties.desired.s", value)), "*", 1,
        Map.of(), Map.of());
  }

  /** {@code levels} nested objects: {'n1':{'n2':…{'leaf':1}}}. */
  private static String nested(int levels) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode current = root;
    for (int i = 1; i < levels; i++) {
      current = current.putObject("n" + i);
    }
    current.put("leaf", 1);
    return root.toString().replace('"', '\'');
  }
}
