package dev.converge.emulator.adm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of one configuration after an evaluation.
 *
 * @param id the configuration
 * @param etag the configuration's etag when evaluated; {@link ConfigurationStore#record} ignores counts for a
 *     configuration that has changed since
 * @param targetedCount twins the target condition selects (system metric {@code targetedCount})
 * @param appliedCount of those, twins where the configuration won at least one path (system metric {@code
 *     appliedCount})
 * @param metrics custom metric name to the number of rows its query returned
 */
public record ConfigurationCounts(
    String id, String etag, long targetedCount, long appliedCount, Map<String, Long> metrics) {

  /** The system metric names, as the service SDK and IoT Hub spell them. */
  public static final String TARGETED_COUNT = "targetedCount";

  public static final String APPLIED_COUNT = "appliedCount";

  public ConfigurationCounts {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(etag, "etag");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** The system metric results: {@code targetedCount} and {@code appliedCount}. */
  public Map<String, Long> systemResults() {
    Map<String, Long> results = new LinkedHashMap<>();
    results.put(TARGETED_COUNT, targetedCount);
    results.put(APPLIED_COUNT, appliedCount);
    return results;
  }
}
