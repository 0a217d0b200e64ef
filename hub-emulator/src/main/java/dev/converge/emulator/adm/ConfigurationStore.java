package dev.converge.emulator.adm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.query.Source;
import dev.converge.emulator.query.TargetCondition;
import dev.converge.emulator.wire.IfMatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's automatic device management configurations: create, read, list, update and delete as IoT Hub's REST API
 * offers them, with IoT Hub's rules.
 *
 * <ul>
 *   <li>Create and update validate the request ({@link ConfigurationRules}); the first broken rule is a 400 naming the
 *       field. A create with an existing id is 409; beyond {@link #MAX_CONFIGURATIONS} it is 413, IoT Hub's answer.
 *   <li>Content is immutable: an update whose content differs is a 400 naming {@code content}. Only labels, metrics,
 *       priority and targetCondition change ("Configuration content is immutable. Configuration properties that can be
 *       updated are 'labels', 'metrics', 'priority' and 'targetCondition'", Set-AzIotHubConfiguration). The other
 *       fields a client sends back (times, etag, system metrics, schema version) are ignored, since the SDKs echo
 *       them. An update whose content is empty counts as unchanged: the Java service SDK 2.1.9 drops {@code
 *       moduleContent} when it reads a configuration (its {@code Configuration(ConfigurationParser)} copies only
 *       device and modules content) and so replaces a module configuration with empty content.
 *   <li>Update and delete take an HTTP {@code If-Match} value: {@code *}, or the etag with or without quotes;
 *       anything else is 412.
 *   <li>Every accepted create or update gets a new etag and {@code lastUpdatedTimeUtc}; the hub's metric results
 *       ({@link #record}) change neither, so a client's etag stays valid across the five-minute evaluations.
 * </ul>
 *
 * <p>Times come from the injected clock, written as IoT Hub writes them ({@code 2019-05-20T21:26:40.5516483Z}).
 * Etags are Base64 of a counter that never repeats within the store. Thread-safe: operations are serialised, and
 * configurations handed out are immutable.
 */
public final class ConfigurationStore {

  /** IoT Hub's limit on the standard tier ("a maximum of 100 automatic configurations on standard tier IoT hubs"). */
  public static final int MAX_CONFIGURATIONS = 100;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final Map<String, Configuration> configurations = new LinkedHashMap<>();
  private long revision;

  public ConfigurationStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Adds {@code requested}, filling in the fields the hub owns: creation and update time, etag, system metric
   * queries, and empty results.
   *
   * @return the configuration as stored
   * @throws ConfigurationException 400 invalid, 409 the id exists, 413 the store is full
   */
  public synchronized Configuration create(Configuration requested) {
    Objects.requireNonNull(requested, "requested");
    TargetCondition target = ConfigurationRules.check(requested);
    if (configurations.containsKey(requested.id())) {
      throw ConfigurationException.alreadyExists(requested.id());
    }
    if (configurations.size() >= MAX_CONFIGURATIONS) {
      throw ConfigurationException.countLimitExceeded(requested.id(), MAX_CONFIGURATIONS);
    }
    String now = TIME.format(clock.instant());
    Configuration stored = requested.withHubFields(now, now, systemMetrics(requested.id(), target, Map.of()),
        ConfigurationMetrics.ofQueries(requested.metrics().queries()), nextEtag());
    configurations.put(stored.id(), stored);
    return stored;
  }

  /** The configuration with {@code id}, if any. */
  public synchronized Optional<Configuration> get(String id) {
    return Optional.ofNullable(configurations.get(id));
  }

  /** Every configuration, oldest first. */
  public synchronized List<Configuration> list() {
    return List.copyOf(configurations.values());
  }

  /** As {@link #update(Configuration, String)} with {@code If-Match: *}, which is what the Java service SDK sends. */
  public Configuration update(Configuration requested) {
    return update(requested, IfMatch.ANY);
  }

  /**
   * Replaces the updatable fields (labels, metrics, priority, targetCondition) of the configuration with {@code
   * requested.id()}. Results of metrics whose query is unchanged are kept until the next evaluation.
   *
   * @param ifMatch the If-Match header: {@code *} or the current etag, quoted or not
   * @return the configuration as stored
   * @throws ConfigurationException 404 no such id, 412 etag mismatch, 400 invalid or content changed
   */
  public synchronized Configuration update(Configuration requested, String ifMatch) {
    Objects.requireNonNull(requested, "requested");
    Configuration current = existing(requested.id(), ifMatch);
    TargetCondition target = ConfigurationRules.check(requested.content().isEmpty()
        ? requested.withContentOf(current) : requested);
    if (!requested.content().isEmpty() && !requested.content().sameAs(current.content())) {
      throw ConfigurationException.invalid("content", "configuration '" + current.id() + "' content "
          + current.content().toJsonText() + " cannot be changed to " + requested.content().toJsonText()
          + "; content is immutable, only labels, metrics, priority and targetCondition can be updated");
    }
    Map<String, Long> keptResults = new LinkedHashMap<>();
    requested.metrics().queries().forEach((name, query) -> {
      Long result = current.metrics().results().get(name);
      if (query.equals(current.metrics().queries().get(name)) && result != null) {
        keptResults.put(name, result);
      }
    });
    Map<String, Long> systemResults = requested.targetCondition().equals(current.targetCondition())
        ? current.systemMetrics().results() : Map.of();
    Configuration updated = current.withUpdatableFieldsOf(requested).withHubFields(current.createdTimeUtc(),
        TIME.format(clock.instant()), systemMetrics(current.id(), target, systemResults),
        new ConfigurationMetrics(keptResults, requested.metrics().queries()), nextEtag());
    configurations.put(updated.id(), updated);
    return updated;
  }

  /** As {@link #delete(String, String)} with {@code If-Match: *}. */
  public Configuration delete(String id) {
    return delete(id, IfMatch.ANY);
  }

  /**
   * Removes the configuration. What it wrote stays in the twins (see {@link ConfigurationEvaluator}).
   *
   * @return the configuration removed
   * @throws ConfigurationException 404 no such id, 412 etag mismatch
   */
  public synchronized Configuration delete(String id, String ifMatch) {
    Configuration current = existing(id, ifMatch);
    configurations.remove(id);
    return current;
  }

  /**
   * Stores the metric results of an evaluation in {@code systemMetrics.results} and {@code metrics.results}. Counts
   * for a configuration deleted or changed since it was evaluated (its etag differs) are ignored. Changes neither
   * etags nor update times.
   */
  public synchronized void record(Evaluation evaluation) {
    for (ConfigurationCounts counts : evaluation.configurations()) {
      Configuration current = configurations.get(counts.id());
      if (current == null || !current.etag().equals(counts.etag())) {
        continue;
      }
      configurations.put(current.id(), current.withHubFields(current.createdTimeUtc(), current.lastUpdatedTimeUtc(),
          current.systemMetrics().withResults(counts.systemResults()),
          current.metrics().withResults(counts.metrics()), current.etag()));
    }
  }

  /** The whole store as one JSON document, for the hub's durable state: {@code {"revision": n, "configurations": […]}}. */
  public synchronized ObjectNode toJson() {
    ObjectNode state = JsonNodeFactory.instance.objectNode();
    state.put("revision", revision);
    ArrayNode list = state.putArray("configurations");
    configurations.values().forEach(c -> list.add(c.toJson()));
    return state;
  }

  /**
   * A store holding what {@link #toJson()} wrote.
   *
   * @throws IllegalArgumentException if {@code state} is not such a document or holds a configuration IoT Hub would
   *     refuse
   */
  public static ConfigurationStore fromJson(JsonNode state, Clock clock) {
    ConfigurationStore store = new ConfigurationStore(clock);
    JsonNode list = state.path("configurations");
    if (!state.isObject() || !state.path("revision").canConvertToLong() || !list.isArray()) {
      throw new IllegalArgumentException("not a configuration store document: " + state);
    }
    store.revision = state.get("revision").longValue();
    for (JsonNode json : list) {
      try {
        Configuration c = Configuration.fromJson(json);
        ConfigurationRules.check(c);
        if (store.configurations.put(c.id(), c) != null) {
          throw new IllegalArgumentException("configuration '" + c.id() + "' is stored twice");
        }
      } catch (ConfigurationException e) {
        throw new IllegalArgumentException("stored configuration is invalid: " + e.getMessage(), e);
      }
    }
    return store;
  }

  private Configuration existing(String id, String ifMatch) {
    Objects.requireNonNull(ifMatch, "ifMatch");
    Configuration current = configurations.get(id);
    if (current == null) {
      throw ConfigurationException.notFound(id);
    }
    if (!IfMatch.matches(ifMatch, current.etag())) {
      throw ConfigurationException.preconditionFailed(id, ifMatch, current.etag());
    }
    return current;
  }

  private String nextEtag() {
    revision++;
    return Base64.getEncoder().encodeToString(Long.toString(revision).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The system metric queries IoT Hub reports, e.g. {@code "appliedCount": "select deviceId from devices where
   * configurations.[[firmware-update]].status = 'Applied'"} and {@code "targetedCount": ""} for an empty target, as in
   * the hub-exported configuration of MicrosoftDocs {@code iot-accelerators-remote-monitoring-bulk-configuration-
   * update.md}. They are informational: the evaluator counts directly, and twins record the status in lower case
   * ({@code applied}, the service SDK's spelling), which this text's {@code 'Applied'} does not equal.
   */
  private static ConfigurationMetrics systemMetrics(String id, TargetCondition target, Map<String, Long> results) {
    boolean modules = target.source() == Source.MODULES;
    String select = modules ? "select deviceId, moduleId from devices.modules" : "select deviceId from devices";
    String text = target.text().strip();
    String targeted;
    if (target.isEmpty()) {
      targeted = "";
    } else if (text.equals("*")) {
      targeted = select;
    } else if (modules || text.regionMatches(true, 0, "from ", 0, 5)) {
      targeted = (modules ? "select deviceId, moduleId " : "select deviceId ") + text;
    } else {
      targeted = select + " where " + text;
    }
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put(ConfigurationCounts.TARGETED_COUNT, targeted);
    queries.put(ConfigurationCounts.APPLIED_COUNT,
        select + " where configurations.[[" + id + "]].status = 'Applied'");
    Map<String, Long> defaults = new LinkedHashMap<>();
    defaults.put(ConfigurationCounts.TARGETED_COUNT, 0L);
    defaults.put(ConfigurationCounts.APPLIED_COUNT, 0L);
    defaults.putAll(results);
    return new ConfigurationMetrics(defaults, queries);
  }
}
