package dev.converge.emulator.adm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An IoT Hub automatic device management configuration, serialised with exactly the JSON field names of the service
 * SDK's {@code ConfigurationParser}: {@code id, schemaVersion, labels, content, contentType, targetCondition,
 * createdTimeUtc, lastUpdatedTimeUtc, priority, systemMetrics, metrics, etag}.
 *
 * <p>Clients send the whole document on create and replace, including read-only fields they echo back (the Java SDK
 * sends {@code createdTimeUtc "0001-01-01T00:00:00"} and {@code etag ""} on create); the {@link ConfigurationStore}
 * decides those. Missing fields read as their defaults: empty labels, content and metrics, an empty target condition,
 * priority 0 and schema version {@code 1.0}. Unknown fields are ignored.
 *
 * @param id unique id; rules in {@link #ID_RULE}
 * @param schemaVersion always {@code 1.0} in practice
 * @param labels descriptive key-value pairs with no effect on behaviour
 * @param content what the configuration writes; immutable once created
 * @param contentType passed through as given; IoT Hub documents no values for it
 * @param targetCondition {@code *}, a condition on device twins, or {@code FROM devices.modules WHERE …}; empty
 *     targets nothing
 * @param createdTimeUtc ISO-8601 UTC instant the hub created it, which breaks priority ties
 * @param lastUpdatedTimeUtc ISO-8601 UTC instant of the last accepted create or update
 * @param priority non-negative; the highest wins a conflict
 * @param systemMetrics {@code targetedCount} and {@code appliedCount}, computed by the hub
 * @param metrics up to five custom metric queries and their results
 * @param etag opaque concurrency token, new on every accepted create or update
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "schemaVersion", "labels", "content", "contentType", "targetCondition", "createdTimeUtc",
    "lastUpdatedTimeUtc", "priority", "systemMetrics", "metrics", "etag"})
public record Configuration(
    String id,
    String schemaVersion,
    Map<String, String> labels,
    ConfigurationContent content,
    @Nullable String contentType,
    String targetCondition,
    String createdTimeUtc,
    String lastUpdatedTimeUtc,
    int priority,
    ConfigurationMetrics systemMetrics,
    ConfigurationMetrics metrics,
    String etag) {

  /** Describes the id rule, for error messages. */
  static final String ID_RULE = "1 to 128 characters: lower-case letters, digits and -:+%_#*?!(),=@;$'";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  public Configuration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(targetCondition, "targetCondition");
    Objects.requireNonNull(createdTimeUtc, "createdTimeUtc");
    Objects.requireNonNull(lastUpdatedTimeUtc, "lastUpdatedTimeUtc");
    Objects.requireNonNull(systemMetrics, "systemMetrics");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(etag, "etag");
  }

  /**
   * A configuration as a client would submit it: the read-only fields empty, for the store to fill in.
   *
   * @param metricQueries custom metric name to query
   */
  public static Configuration of(String id, ConfigurationContent content, String targetCondition, int priority,
      Map<String, String> labels, Map<String, String> metricQueries) {
    return new Configuration(id, "1.0", labels, content, null, targetCondition, "", "", priority,
        ConfigurationMetrics.empty(), ConfigurationMetrics.ofQueries(metricQueries), "");
  }

  @JsonCreator
  static Configuration fromJsonFields(
      @JsonProperty("id") @Nullable String id,
      @JsonProperty("schemaVersion") @Nullable String schemaVersion,
      @JsonProperty("labels") @Nullable Map<String, @Nullable String> labels,
      @JsonProperty("content") @Nullable ConfigurationContent content,
      @JsonProperty("contentType") @Nullable String contentType,
      @JsonProperty("targetCondition") @Nullable String targetCondition,
      @JsonProperty("createdTimeUtc") @Nullable String createdTimeUtc,
      @JsonProperty("lastUpdatedTimeUtc") @Nullable String lastUpdatedTimeUtc,
      @JsonProperty("priority") @Nullable Integer priority,
      @JsonProperty("systemMetrics") @Nullable ConfigurationMetrics systemMetrics,
      @JsonProperty("metrics") @Nullable ConfigurationMetrics metrics,
      @JsonProperty("etag") @Nullable String etag) {
    Map<String, String> cleanLabels = new LinkedHashMap<>();
    if (labels != null) {
      labels.forEach((k, v) -> {
        if (v == null) {
          throw ConfigurationException.invalid("labels." + k, "null is not a label value; labels are strings");
        }
        cleanLabels.put(k, v);
      });
    }
    return new Configuration(
        id == null ? "" : id,
        schemaVersion == null ? "1.0" : schemaVersion,
        cleanLabels,
        content == null ? ConfigurationContent.empty() : content,
        contentType,
        targetCondition == null ? "" : targetCondition,
        createdTimeUtc == null ? "" : createdTimeUtc,
        lastUpdatedTimeUtc == null ? "" : lastUpdatedTimeUtc,
        priority == null ? 0 : priority,
        systemMetrics == null ? ConfigurationMetrics.empty() : systemMetrics,
        metrics == null ? ConfigurationMetrics.empty() : metrics,
        etag == null ? "" : etag);
  }

  /**
   * Reads a configuration document as a client sends it or the hub stored it. Only the JSON shape is checked here;
   * {@link ConfigurationStore} applies IoT Hub's rules.
   *
   * @throws ConfigurationException (400) naming the field whose JSON has the wrong shape
   */
  public static Configuration fromJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    if (!json.isObject()) {
      throw ConfigurationException.invalid("configuration", "must be a JSON object, not "
          + json.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    try {
      return MAPPER.treeToValue(json, Configuration.class);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof ConfigurationException cause) {
        throw cause;
      }
      String field = e.getPath().stream()
          .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
          .collect(Collectors.joining("."));
      throw ConfigurationException.invalid(field.isEmpty() ? "configuration" : field,
          "has the wrong JSON type (" + e.getOriginalMessage() + ")");
    } catch (JsonProcessingException e) {
      throw ConfigurationException.invalid("configuration", "is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  /** The document with the SDK's field names, as a fresh tree. */
  public ObjectNode toJson() {
    return MAPPER.valueToTree(this);
  }

  /** The instant in {@link #createdTimeUtc()}; a configuration the store never saw counts as created at the epoch. */
  Instant createdInstant() {
    try {
      String text = createdTimeUtc.endsWith("Z") ? createdTimeUtc : createdTimeUtc + "Z";
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** This configuration with the fields the hub decides replaced. */
  Configuration withHubFields(String created, String updated, ConfigurationMetrics system, ConfigurationMetrics custom,
      String newEtag) {
    return new Configuration(id, schemaVersion, labels, content, contentType, targetCondition, created, updated,
        priority, system, custom, newEtag);
  }

  /** This configuration with {@code other}'s content; used to validate an update that leaves content unchanged. */
  Configuration withContentOf(Configuration other) {
    return new Configuration(id, schemaVersion, labels, other.content, contentType, targetCondition, createdTimeUtc,
        lastUpdatedTimeUtc, priority, systemMetrics, metrics, etag);
  }

  /** This configuration with the fields a client may update taken from {@code requested}. */
  Configuration withUpdatableFieldsOf(Configuration requested) {
    return new Configuration(id, schemaVersion, requested.labels, content, contentType, requested.targetCondition,
        createdTimeUtc, lastUpdatedTimeUtc, requested.priority, systemMetrics, requested.metrics, etag);
  }
}
