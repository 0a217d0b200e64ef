package dev.converge.emulator.adm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.query.Query;
import dev.converge.emulator.query.QueryException;
import dev.converge.emulator.query.Source;
import dev.converge.emulator.query.TargetCondition;
import dev.converge.emulator.twin.TwinDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Automatic device management as a pure function: given the twins and the configurations, what each twin's desired
 * properties and {@code configurations} section should become, and each configuration's metrics.
 *
 * <p>The rules, from the ADM page (MicrosoftDocs/azure-docs {@code includes/iot-hub-automatic-device-management-
 * portal.md} and {@code articles/iot-hub/iot-hub-automatic-device-management.md}):
 *
 * <ul>
 *   <li>A configuration targets the twins its target condition selects: device twins, or module twins for {@code
 *       FROM devices.modules WHERE …}. Only {@code deviceContent} and {@code moduleContent} are applied; IoT Edge
 *       {@code modulesContent} is stored but not evaluated here.
 *   <li>"If two or more configurations target the same twin path, the content from the highest priority
 *       configuration applies"; "if two configurations have the same priority number, the one created most
 *       recently wins" ({@code createdTimeUtc}). Equal priority and creation time, which only a stopped clock
 *       produces, fall to the greater id so the outcome never depends on input order.
 *   <li>Paths are compared whole. When one winning path lies inside another (say {@code a} and {@code a.b}), the
 *       settings are written in rank order, lowest first, so the higher-ranked one is what the twin ends up with: a
 *       higher-ranked {@code a.b} is written into the lower-ranked {@code a}, and a higher-ranked {@code a}
 *       overwrites, and so defeats, a lower-ranked {@code a.b}.
 *   <li>Each setting replaces the value at its path ({@link DesiredSetting}). The patch is the difference between the
 *       twin's desired properties and the result, so a twin already as configured gets no patch, and a value someone
 *       changed by hand is set back on the next run, as IoT Hub does (Azure/iotedge#5139: module desired properties
 *       edited in the portal "get reverted" to the deployment's).
 *   <li>A configuration is {@code applied} on a twin where it won at least one path, otherwise {@code targeted}
 *       ("Applied … can include partial modifications in the event that a separate, higher priority configuration
 *       also made changes"). {@code targetedCount} counts targeted twins, {@code appliedCount} applied ones.
 *   <li>Custom metrics count the rows their query returns ("The metric represents the number of rows returned by
 *       the query"), run against the twins as they will be after this evaluation's patches and statuses.
 * </ul>
 *
 * <p><b>Leaving the target, or deleting a configuration, removes nothing.</b> The ADM page says that when a twin
 * stops matching, "the settings from the configuration are removed and the twin is modified by the next highest
 * priority configuration", and that after a delete twins "take on their next highest priority configuration". Only the
 * second half is reproduced here: a path another configuration still sets is taken over by it on the next run, but a
 * value no remaining configuration sets stays in the twin. The page never says what "removed" writes, and the
 * service's observed behaviour is to leave values in place: the IoT Edge deployment page (same configuration engine)
 * says "Deleting a deployment doesn't remove the modules from targeted devices. There must be another deployment that
 * defines a new configuration for the devices" (learn.microsoft.com {@code iot-edge/module-deployment-monitoring},
 * "Rollback"), and for a device that leaves a layered deployment's target "the way to remove the module is to create a
 * new deployment and set it to null. Removing the tag won't work" (Azure/iotedge#7057). Only the twin's {@code
 * configurations} section forgets the configuration. To remove a property, a configuration sets it to {@code null}.
 */
public final class ConfigurationEvaluator {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Lowest rank first: priority, then creation time, then id. */
  private static final Comparator<Candidate> RANK = Comparator
      .comparingInt((Candidate c) -> c.configuration().priority())
      .thenComparing(c -> c.configuration().createdInstant())
      .thenComparing(c -> c.configuration().id());

  private ConfigurationEvaluator() {}

  /**
   * Evaluates {@code configurations} against the twins.
   *
   * @param deviceTwins device twins shaped like rows of {@code SELECT * FROM devices}: {@code deviceId}, {@code
   *     tags}, {@code properties.desired} (its {@code $}-members are left alone), {@code properties.reported},
   *     {@code configurations}; only read
   * @param moduleTwins module twins likewise, each with its {@code moduleId}; only read
   * @param configurations configurations the {@link ConfigurationStore} accepted
   * @throws IllegalArgumentException if a twin has no {@code deviceId} or a configuration breaks the store's rules
   */
  public static Evaluation evaluate(
      List<ObjectNode> deviceTwins, List<ObjectNode> moduleTwins, Collection<Configuration> configurations) {
    List<Candidate> candidates = configurations.stream().map(Candidate::of).collect(Collectors.toList());
    Map<String, long[]> counts = new LinkedHashMap<>();
    candidates.forEach(c -> counts.put(c.configuration().id(), new long[2]));

    List<TwinAssignment> assignments = new ArrayList<>();
    List<ObjectNode> devicesAfter = new ArrayList<>();
    List<ObjectNode> modulesAfter = new ArrayList<>();
    for (ObjectNode twin : deviceTwins) {
      devicesAfter.add(evaluateTwin(twin, candidates, Source.DEVICES, counts, assignments));
    }
    for (ObjectNode twin : moduleTwins) {
      modulesAfter.add(evaluateTwin(twin, candidates, Source.MODULES, counts, assignments));
    }

    List<ConfigurationCounts> results = new ArrayList<>();
    for (Candidate c : candidates) {
      Map<String, Long> metrics = new LinkedHashMap<>();
      c.metrics().forEach((name, query) -> metrics.put(name,
          (long) query.execute(query.source() == Source.DEVICES ? devicesAfter : modulesAfter).size()));
      long[] n = counts.get(c.configuration().id());
      results.add(new ConfigurationCounts(c.configuration().id(), c.configuration().etag(), n[0], n[1], metrics));
    }
    return new Evaluation(assignments, results);
  }

  /** Evaluates one twin, records its assignment and counts, and returns the twin as it will be afterwards. */
  private static ObjectNode evaluateTwin(ObjectNode twin, List<Candidate> candidates, Source source,
      Map<String, long[]> counts, List<TwinAssignment> assignments) {
    TwinKey key = TwinKey.of(twin);
    List<Candidate> targeting = candidates.stream()
        .filter(c -> c.target().source() == source && c.target().matches(twin))
        .collect(Collectors.toList());

    // Per path, the best-ranked configuration's setting; within one configuration a later entry wins.
    Map<List<String>, Win> winners = new LinkedHashMap<>();
    for (Candidate c : targeting) {
      for (DesiredSetting s : c.settings()) {
        winners.merge(s.path(), new Win(c, s), (held, next) -> RANK.compare(next.candidate(), held.candidate()) >= 0
            ? next : held);
      }
    }
    List<Win> effective = winners.values().stream()
        .filter(w -> winners.values().stream().noneMatch(
            o -> RANK.compare(o.candidate(), w.candidate()) > 0 && w.setting().isBelow(o.setting())))
        .sorted(Comparator.comparing(Win::candidate, RANK).thenComparingInt(w -> w.setting().path().size()))
        .collect(Collectors.toList());

    ObjectNode desired = desiredOf(twin);
    ObjectNode before = NODES.objectNode();
    desired.properties().stream().filter(e -> !e.getKey().startsWith("$"))
        .forEach(e -> before.set(e.getKey(), e.getValue().deepCopy()));
    ObjectNode after = before.deepCopy();
    effective.forEach(w -> w.setting().applyTo(after));
    ObjectNode patch = DesiredDiff.between(before, after);

    Set<String> applied = new HashSet<>();
    effective.forEach(w -> applied.add(w.candidate().configuration().id()));
    ObjectNode section = NODES.objectNode();
    targeting.stream().map(c -> c.configuration().id()).sorted().forEach(id -> {
      boolean won = applied.contains(id);
      section.putObject(id).put("status", (won ? ConfigurationStatus.APPLIED : ConfigurationStatus.TARGETED).json());
      long[] n = counts.get(id);
      n[0]++;
      if (won) {
        n[1]++;
      }
    });
    JsonNode held = twin.get("configurations");
    boolean sectionChanged = !DesiredDiff.same(held != null && held.isObject() ? held : NODES.objectNode(), section);

    assignments.add(new TwinAssignment(key,
        patch.isEmpty() ? Optional.empty() : Optional.of(TwinDocument.copyOf(patch)),
        TwinDocument.copyOf(section), sectionChanged));

    ObjectNode result = twin.deepCopy();
    ObjectNode newDesired = after.deepCopy();
    desired.properties().stream().filter(e -> e.getKey().startsWith("$"))
        .forEach(e -> newDesired.set(e.getKey(), e.getValue().deepCopy()));
    JsonNode properties = result.get("properties");
    (properties != null && properties.isObject() ? (ObjectNode) properties : result.putObject("properties"))
        .set("desired", newDesired);
    result.set("configurations", section);
    return result;
  }

  private static ObjectNode desiredOf(ObjectNode twin) {
    JsonNode desired = twin.path("properties").path("desired");
    return desired.isObject() ? (ObjectNode) desired : NODES.objectNode();
  }

  /** One configuration, prepared for evaluation. */
  private record Candidate(
      Configuration configuration, TargetCondition target, List<DesiredSetting> settings, Map<String, Query> metrics) {

    static Candidate of(Configuration c) {
      try {
        TargetCondition target = TargetCondition.parse(c.targetCondition());
        List<DesiredSetting> settings = DesiredSetting.of(
            target.source() == Source.MODULES ? c.content().moduleView() : c.content().deviceView());
        Map<String, Query> metrics = new LinkedHashMap<>();
        c.metrics().queries().forEach((name, query) -> metrics.put(name, Query.parse(query)));
        return new Candidate(c, target, settings, metrics);
      } catch (QueryException e) {
        throw new IllegalArgumentException("configuration '" + c.id() + "' was not validated: " + e.getMessage(), e);
      }
    }
  }

  /** The setting that won a path, and whose it is. */
  private record Win(Candidate candidate, DesiredSetting setting) {}
}
