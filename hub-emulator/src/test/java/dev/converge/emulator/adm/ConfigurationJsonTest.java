package dev.converge.emulator.adm;

import static dev.converge.emulator.testing.Json.content;
import static dev.converge.emulator.testing.Json.json;
import static dev.converge.emulator.testing.Json.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.configurations.serializers.ConfigurationParser;
import dev.converge.emulator.testing.Json;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The configuration document against the official Java service SDK 2.1.9: what its {@code ConfigurationsClient}
 * sends must read, and what the store answers must parse in the SDK. The SDK's own conversions ({@code
 * Configuration.toConfigurationParser()} and {@code Configuration(ConfigurationParser)}) are package-private, so they
 * are called reflectively; they are exactly what {@code ConfigurationsClient.create} and {@code get} run.
 */
class ConfigurationJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final FakeClock clock = new FakeClock(Instant.parse("2025-03-01T10:00:00.5516483Z"));
  private final ConfigurationStore store = new ConfigurationStore(clock);

  @Test
  void the_document_uses_exactly_the_sdk_field_names() {
    Configuration stored = store.create(Configuration.of("fan", ConfigurationContent.ofDevice(
        content("{'properties.desired.fan':{'speed':3}}")), "*", 4, Map.of("a", "b"),
        Map.of("m", "SELECT deviceId FROM devices")));

    ObjectNode json = stored.toJson();

    assertThat(json.fieldNames()).toIterable().containsExactly("id", "schemaVersion", "labels", "content",
        "targetCondition", "createdTimeUtc", "lastUpdatedTimeUtc", "priority", "systemMetrics", "metrics", "etag");
    assertThat(json.get("content"))
        .isEqualTo(Json.normalised(json("{'deviceContent':{'properties.desired.fan':{'speed':3}}}")));
    assertThat(json.get("systemMetrics").fieldNames()).toIterable().containsExactly("results", "queries");
    assertThat(json.get("metrics")).isEqualTo(json("{'results':{},'queries':{'m':'SELECT deviceId FROM devices'}}"));
    assertThat(json.get("createdTimeUtc").textValue()).isEqualTo("2025-03-01T10:00:00.5516483Z");
    assertThat(json.get("etag").textValue()).isEqualTo("MQ==");
  }

  @Test
  void the_sdk_parses_what_the_store_answers() {
    Configuration stored = store.create(Configuration.of("fan", ConfigurationContent.ofDevice(
        content("{'properties.desired.fan':{'speed':3}}")), "tags.a='b'", 4, Map.of("a", "b"),
        Map.of("m", "SELECT deviceId FROM devices")));
    store.record(new Evaluation(List.of(), List.of(new ConfigurationCounts("fan", stored.etag(), 2, 1,
        Map.of("m", 2L)))));

    ConfigurationParser sdk = new ConfigurationParser(store.get("fan").orElseThrow().toJson().toString());

    assertThat(sdk.getId()).isEqualTo("fan");
    assertThat(sdk.getSchemaVersion()).isEqualTo("1.0");
    assertThat(sdk.getLabels()).isEqualTo(Map.of("a", "b"));
    assertThat(sdk.getContent().getDeviceContent()).isEqualTo(Map.of("properties.desired.fan", Map.of("speed", 3L)));
    assertThat(sdk.getTargetCondition()).isEqualTo("tags.a='b'");
    assertThat(sdk.getPriority()).isEqualTo(4);
    assertThat(sdk.getCreatedTimeUtc().toInstant()).isEqualTo(Instant.parse("2025-03-01T10:00:00.551Z"));
    assertThat(sdk.getLastUpdatedTimeUtc().toInstant()).isEqualTo(Instant.parse("2025-03-01T10:00:00.551Z"));
    assertThat(sdk.getSystemMetrics().getResults()).isEqualTo(Map.of("targetedCount", 2L, "appliedCount", 1L));
    assertThat(sdk.getMetrics().getResults()).isEqualTo(Map.of("m", 2L));
    assertThat(sdk.getMetrics().getQueries()).isEqualTo(Map.of("m", "SELECT deviceId FROM devices"));
    assertThat(sdk.getETag()).isEqualTo(stored.etag());
  }

  @Test
  void what_the_sdk_sends_on_create_is_read_and_its_read_only_fields_are_replaced() throws Exception {
    var sdkConfig = new com.microsoft.azure.sdk.iot.service.configurations.Configuration("chiller-4000x");
    var sdkContent = new com.microsoft.azure.sdk.iot.service.configurations.ConfigurationContent();
    sdkContent.setDeviceContent(Map.of("properties.desired.chiller-water", Map.of("temperature", 66, "pressure", 28)));
    sdkConfig.setContent(sdkContent);
    sdkConfig.setTargetCondition("tags.environment='test'");
    sdkConfig.setPriority(20);
    sdkConfig.setLabels(new HashMap<>(Map.of("Version", "3.0.1")));
    var metrics = new com.microsoft.azure.sdk.iot.service.configurations.ConfigurationMetrics();
    metrics.setQueries(Map.of("waterSettingsPending",
        "SELECT deviceId FROM devices WHERE properties.reported.chillerWaterSettings.status='pending'"));
    sdkConfig.setMetrics(metrics);
    String body = sdkRequestBody(sdkConfig);

    Configuration requested = Configuration.fromJson(MAPPER.readTree(body));
    Configuration stored = store.create(requested);

    assertThat(requested.createdTimeUtc()).startsWith("0001-");
    assertThat(requested.etag()).isEmpty();
    assertThat(stored.content().deviceContent())
        .isEqualTo(content("{'properties.desired.chiller-water':{'temperature':66,'pressure':28}}"));
    assertThat(stored.targetCondition()).isEqualTo("tags.environment='test'");
    assertThat(stored.priority()).isEqualTo(20);
    assertThat(stored.labels()).isEqualTo(Map.of("Version", "3.0.1"));
    assertThat(stored.metrics().queries()).containsOnlyKeys("waterSettingsPending");
    assertThat(stored.createdTimeUtc()).isEqualTo("2025-03-01T10:00:00.5516483Z");
    assertThat(stored.etag()).isEqualTo("MQ==");
  }

  @Test
  void a_module_configuration_read_and_replaced_through_the_sdk_keeps_its_content() throws Exception {
    store.create(Configuration.of("mod", ConfigurationContent.ofModule(content("{'properties.desired.rate':5}")),
        "FROM devices.modules WHERE tags.kind='sensor'", 1, Map.of(), Map.of()));
    var fetched = sdkRead(store.get("mod").orElseThrow().toJson().toString());
    fetched.setPriority(9);

    Configuration replaced = store.update(Configuration.fromJson(
        MAPPER.readTree(sdkRequestBody(fetched))));

    assertThat(replaced.priority()).isEqualTo(9);
    assertThat(replaced.content().moduleContent()).isEqualTo(content("{'properties.desired.rate':5}"));
  }

  @Test
  void reading_back_its_own_json_gives_an_equal_configuration() {
    Configuration stored = store.create(Configuration.of("rt", new ConfigurationContent(Map.of(), content(
        "{'properties.desired.a':{'b':[1,2.5,'x',true,{'c':'d'}],'n':null},'properties.desired.gone':null}"), Map.of()),
        "FROM devices.modules WHERE moduleId='m'", 3, Map.of("k", "v"), Map.of("q", "SELECT COUNT() FROM devices")));

    assertThat(Configuration.fromJson(stored.toJson())).isEqualTo(stored);
  }

  @Test
  void missing_fields_read_as_defaults_and_unknown_fields_are_ignored() {
    Configuration c = Configuration.fromJson(json("{'id':'x','whatever':{'a':1}}"));

    assertThat(c).isEqualTo(new Configuration("x", "1.0", Map.of(), ConfigurationContent.empty(), null, "", "", "",
        0, ConfigurationMetrics.empty(), ConfigurationMetrics.empty(), ""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{'id':'x','priority':'high'}                  | priority",
      "{'id':'x','priority':1.5}                     | priority",
      "{'id':'x','labels':['a']}                     | labels",
      "{'id':'x','labels':{'a':null}}                | labels.a",
      "{'id':'x','content':{'deviceContent':[1]}}    | content.deviceContent",
      "{'id':'x','metrics':{'queries':['q']}}        | metrics.queries",
      "{'id':7,'targetCondition':{'a':1}}            | targetCondition",
  })
  void a_field_of_the_wrong_json_type_is_a_400_naming_it(String document, String field) {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> Configuration.fromJson(json(document)));

    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage()).startsWith(field + ": ");
  }

  @Test
  void a_document_that_is_not_an_object_is_a_400() {
    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> Configuration.fromJson(json("[1]")));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.field()).isEqualTo("configuration");
  }

  /** The body {@code ConfigurationsClient.create} and {@code replace} send for {@code config}. */
  private static String sdkRequestBody(com.microsoft.azure.sdk.iot.service.configurations.Configuration config)
      throws Exception {
    Method toParser = config.getClass().getDeclaredMethod("toConfigurationParser");
    toParser.setAccessible(true);
    return ((ConfigurationParser) toParser.invoke(config)).toJson();
  }

  /** The configuration {@code ConfigurationsClient.get} returns for a response body. */
  private static com.microsoft.azure.sdk.iot.service.configurations.Configuration sdkRead(String body)
      throws Exception {
    Constructor<com.microsoft.azure.sdk.iot.service.configurations.Configuration> fromParser =
        com.microsoft.azure.sdk.iot.service.configurations.Configuration.class
            .getDeclaredConstructor(ConfigurationParser.class);
    fromParser.setAccessible(true);
    return fromParser.newInstance(new ConfigurationParser(body));
  }
}
