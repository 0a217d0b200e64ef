package dev.converge.emulator.adm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A configuration's metrics as the service SDK shapes them ({@code ConfigurationMetrics}): {@code queries} by metric
 * name, and the {@code results} the hub last computed for them (the number of rows each query returned).
 *
 * @param results metric name to count; written only by the hub
 * @param queries metric name to query text
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConfigurationMetrics(Map<String, Long> results, Map<String, String> queries) {

  private static final ConfigurationMetrics EMPTY = new ConfigurationMetrics(Map.of(), Map.of());

  public ConfigurationMetrics {
    results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
  }

  @JsonCreator
  static ConfigurationMetrics fromJson(
      @JsonProperty("results") @Nullable Map<String, Long> results,
      @JsonProperty("queries") @Nullable Map<String, String> queries) {
    return new ConfigurationMetrics(results == null ? Map.of() : results, queries == null ? Map.of() : queries);
  }

  /** No queries and no results. */
  public static ConfigurationMetrics empty() {
    return EMPTY;
  }

  /** Custom metrics with these queries and no results yet. */
  public static ConfigurationMetrics ofQueries(Map<String, String> queries) {
    return new ConfigurationMetrics(Map.of(), queries);
  }

  /** The same queries with new results. */
  ConfigurationMetrics withResults(Map<String, Long> newResults) {
    return new ConfigurationMetrics(newResults, queries);
  }
}
