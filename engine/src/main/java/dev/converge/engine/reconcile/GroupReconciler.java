package dev.converge.engine.reconcile;

import dev.converge.engine.actual.ActualState;
import dev.converge.engine.actual.NodeCache;
import dev.converge.engine.apply.ApplyResult;
import dev.converge.engine.apply.Executor;
import dev.converge.engine.apply.SubGroupResult;
import dev.converge.engine.definition.Capability;
import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.desired.DesiredDocument;
import dev.converge.engine.desired.DesiredState;
import dev.converge.engine.desired.DesiredValidator;
import dev.converge.engine.desired.GroupMeta;
import dev.converge.engine.desired.ValidatedGroup;
import dev.converge.engine.diff.Binder;
import dev.converge.engine.diff.Binding;
import dev.converge.engine.diff.BoundItem;
import dev.converge.engine.diff.BoundProperty;
import dev.converge.engine.diff.Diff;
import dev.converge.engine.diff.Differ;
import dev.converge.engine.diff.PropertyDiff;
import dev.converge.engine.journal.AuditTrail;
import dev.converge.engine.journal.JournalRecorder;
import dev.converge.engine.model.DeploymentStatus;
import dev.converge.engine.model.DriftPolicy;
import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import dev.converge.engine.plan.GroupPlan;
import dev.converge.engine.plan.Planner;
import dev.converge.engine.port.AuditEvent;
import dev.converge.engine.port.Clock;
import dev.converge.engine.report.DriftReport;
import dev.converge.engine.report.GroupReport;
import dev.converge.engine.report.ReportedState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's reconciler: validate, check dependencies, read actual state, diff, plan, apply, and record the
 * group's report. Drift is recognised without knowing the trigger: a difference found while the group's desired
 * revision is the one it last converged on can only come from the device.
 *
 * <p>Drift is journaled when found and emitted to the {@link AuditTrail} once its fate is known: {@code drift}
 * (policy report: left as it is), {@code remediated} or {@code remediationFailed} (policy remediate, after the
 * writes). The writes themselves are emitted by the {@link Executor}.
 */
public final class GroupReconciler implements Reconciler {

  private static final Logger LOG = LoggerFactory.getLogger(GroupReconciler.class);
  /** The {@code __drift.action} of drift found under policy remediate, until the write's outcome is known. */
  private static final String REMEDIATING = "remediating";

  private final CapabilityRegistry registry;
  private final Function<String, Optional<Executor.Target>> targets;
  private final DesiredDocument desired;
  private final DesiredValidator validator;
  private final NodeCache cache;
  private final Executor executor;
  private final JournalRecorder journal;
  private final AuditTrail audit;
  private final ReportedState reports;
  private final Clock clock;
  private final Function<String, Optional<String>> loadProblems;
  private final Map<String, ValidatedGroup> validated = new ConcurrentHashMap<>();
  private final Map<String, Long> convergedRevision = new ConcurrentHashMap<>();
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  /**
   * A group found in order: for its desired revision, against its adapter's cache generation, while every node
   * read stays cached. Until one of those moves, reconciling it again would read the same cached values and
   * conclude the same, so it is skipped (controller-runtime's generation predicate, applied to actual state too).
   */
  private record Verified(long revision, long generation, long freshUntilNanos, DeploymentStatus status) {}

  /**
   * @param targets the adapter for a capability id, when it is open
   * @param loadProblems why a capability id failed to load, when it did (for the unsupported group's error)
   */
  public GroupReconciler(CapabilityRegistry registry, Function<String, Optional<Executor.Target>> targets,
      DesiredDocument desired, DesiredValidator validator, NodeCache cache, Executor executor,
      JournalRecorder journal, ReportedState reports, Clock clock, Function<String, Optional<String>> loadProblems) {
    this(registry, targets, desired, validator, cache, executor, journal, AuditTrail.none(), reports, clock,
        loadProblems);
  }

  /** As above, emitting drift to {@code audit}. */
  public GroupReconciler(CapabilityRegistry registry, Function<String, Optional<Executor.Target>> targets,
      DesiredDocument desired, DesiredValidator validator, NodeCache cache, Executor executor,
      JournalRecorder journal, AuditTrail audit, ReportedState reports, Clock clock,
      Function<String, Optional<String>> loadProblems) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.targets = Objects.requireNonNull(targets, "targets");
    this.desired = Objects.requireNonNull(desired, "desired");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.reports = Objects.requireNonNull(reports, "reports");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.loadProblems = Objects.requireNonNull(loadProblems, "loadProblems");
  }

  @Override
  public Outcome reconcile(GroupKey key) {
    String group = key.group();
    DesiredDocument.Snapshot snapshot = desired.snapshot();
    NodeValue value = snapshot.document().get(group);
    long revision = snapshot.revision(group);
    long version = snapshot.version();
    Instant now = clock.now();

    if (value.isAbsent()) {
      return unmanage(group, version, now);
    }
    Optional<Capability> found = registry.find(group);
    if (found.isEmpty()) {
      record(group, "", DeploymentStatus.UNSUPPORTED, GroupMeta.read(metaOf(value)), version, now, null,
          Map.of(group, unsupported(group)), Map.of());
      return Outcome.converged();
    }
    Capability capability = found.get();
    CapabilityDefinition definition = capability.definition();
    GroupMeta lenientMeta = GroupMeta.read(metaOf(value));
    if (!capability.isReady()) {
      DeploymentStatus status = capability.availability() == Capability.Availability.UNSUPPORTED
          ? DeploymentStatus.UNSUPPORTED
          : capability.errors().stream().anyMatch(e -> e.code().subsystem() == ErrorCode.Subsystem.DEPENDENCY)
              ? DeploymentStatus.BLOCKED : DeploymentStatus.FAILED;
      Map<String, ReportedError> errors = new LinkedHashMap<>();
      capability.errors().forEach(e -> errors.put(errors.isEmpty() ? group : group + "#" + errors.size(), e));
      record(group, definition.interfaceVersion().toString(), status, lenientMeta, version, now, null, errors,
          Map.of());
      return Outcome.converged();
    }

    ValidatedGroup checked = validated(definition, group, revision, value);
    if (checked instanceof ValidatedGroup.Invalid invalid) {
      Map<String, ReportedError> errors = new LinkedHashMap<>();
      invalid.errors().forEach(e -> errors.put(e.context(), e));
      record(group, definition.interfaceVersion().toString(), DeploymentStatus.FAILED, invalid.meta(), version, now,
          null, errors, Map.of());
      LOG.info("group {} rejected: {} schema violation(s), nothing applied", group, errors.size());
      return new Outcome.Failed(invalid.errors().get(0));
    }
    DesiredState state = ((ValidatedGroup.Valid) checked).state();

    Optional<Outcome> waiting = checkDependencies(group, definition, state.meta(), snapshot, version, now);
    if (waiting.isPresent()) {
      return waiting.get();
    }

    Executor.Target target = targets.apply(definition.id()).orElseThrow(
        () -> new IllegalStateException("no open adapter for ready capability " + definition.id()));
    Verified seen = verified.get(group);
    long generation = cache.generation(target.adapterId());
    if (seen != null && seen.revision() == revision && seen.generation() == generation
        && clock.nanos() < seen.freshUntilNanos()
        && reports.get(group).map(GroupReport::status).orElse(null) == seen.status()) {
      return Outcome.converged();
    }
    verified.remove(group);
    Binding binding = Binder.bind(definition, state);
    ActualState actual = cache.read(target.adapterId(), target.adapter(), binding.nodes(),
        definition.drift().scanInterval(), false);
    Diff diff = Differ.diff(binding, actual);

    boolean driftCheck = convergedRevision.getOrDefault(group, -1L) == revision;
    DriftPolicy policy = state.meta().driftPolicy() != null ? state.meta().driftPolicy() : definition.drift().policy();
    Map<String, DriftReport> drift = driftCheck ? previousDrift(group) : Map.of();
    if (driftCheck && !diff.isEmpty()) {
      drift = detectDrift(group, diff, drift, policy, state, version, now);
      if (policy == DriftPolicy.REPORT) {
        record(group, definition.interfaceVersion().toString(), DeploymentStatus.DRIFTED, state.meta(), version, now,
            reportedValues(binding, actual, state), Map.of(), drift);
        verified.put(group, new Verified(revision, generation, actual.freshUntilNanos(), DeploymentStatus.DRIFTED));
        return Outcome.converged();
      }
      if (policy == DriftPolicy.IGNORE) {
        record(group, definition.interfaceVersion().toString(), DeploymentStatus.SUCCEEDED, state.meta(), version,
            now, reportedValues(binding, actual, state), Map.of(), Map.of());
        verified.put(group, new Verified(revision, generation, actual.freshUntilNanos(), DeploymentStatus.SUCCEEDED));
        return Outcome.converged();
      }
    } else if (driftCheck) {
      // In order again without a write from us: drift that was only reported has resolved itself.
      drift = withoutReported(drift);
    }

    GroupPlan plan = Planner.plan(diff, target.adapter()::predictsOutcome);
    ApplyResult result = plan.isEmpty()
        ? new ApplyResult(group, List.of())
        : executor.apply(plan, target, new Executor.Context(version, state.meta().deploymentId()));
    long generationAfter = plan.isEmpty() ? generation : cache.generation(target.adapterId());
    ActualState after = plan.isEmpty() ? actual
        : cache.read(target.adapterId(), target.adapter(), binding.nodes(), definition.drift().scanInterval(), false);

    Map<String, ReportedError> errors = new LinkedHashMap<>();
    for (SubGroupResult.Keyed k : result.errors()) {
      errors.putIfAbsent(k.property(), k.error());
    }
    boolean remediated = errors.isEmpty();
    if (!drift.isEmpty()) {
      Map<String, DriftReport> updated = new LinkedHashMap<>();
      drift.forEach((p, d) -> {
        if (d.action().equals(REMEDIATING)) {
          updated.put(p, d.withAction(remediated ? "remediated" : "remediationFailed"));
          audit.emit(remediated ? AuditEvent.Kind.REMEDIATED : AuditEvent.Kind.REMEDIATION_FAILED, group, p,
              d.actual(), d.desired(), version, state.meta().deploymentId(),
              remediated ? null : errors.getOrDefault(p, errors.values().iterator().next()).message());
        } else {
          updated.put(p, d);
        }
      });
      drift = updated;
    }
    NodeValue.Obj values = reportedValues(binding, after, state);
    if (errors.isEmpty()) {
      convergedRevision.put(group, revision);
      record(group, definition.interfaceVersion().toString(), DeploymentStatus.SUCCEEDED, state.meta(), version, now,
          values, Map.of(), drift);
      verified.put(group, new Verified(revision, generationAfter, after.freshUntilNanos(), DeploymentStatus.SUCCEEDED));
      if (result.writes() > 0) {
        LOG.info("group {} converged: {} write(s)", group, result.writes());
      }
      return Outcome.converged();
    }
    record(group, definition.interfaceVersion().toString(), DeploymentStatus.FAILED, state.meta(), version, now,
        values, errors, drift);
    ReportedError first = errors.values().iterator().next();
    Optional<ReportedError> transientError = errors.values().stream().filter(e -> e.code().isTransient()).findFirst();
    return transientError.<Outcome>map(Outcome.Retry::new).orElseGet(() -> new Outcome.Failed(first));
  }

  /**
   * What reconciling the group would do, without writing or recording anything: the plan {@code converge plan}
   * prints. Dependencies are judged by the plans of groups planned before it ({@code earlier}), assuming those
   * with changes will succeed.
   */
  public GroupPlan whatIf(String group, DesiredDocument.Snapshot snapshot, Map<String, GroupPlan> earlier) {
    Optional<Capability> found = registry.find(group);
    if (found.isEmpty()) {
      return GroupPlan.rejected(group, GroupPlan.Status.UNSUPPORTED, List.of(unsupported(group)), null);
    }
    Capability c = found.get();
    if (!c.isReady()) {
      return GroupPlan.rejected(group, c.availability() == Capability.Availability.UNSUPPORTED
          ? GroupPlan.Status.UNSUPPORTED : GroupPlan.Status.BLOCKED, c.errors(), null);
    }
    ValidatedGroup v = validated(c.definition(), group, snapshot.revision(group), snapshot.document().get(group));
    if (v instanceof ValidatedGroup.Invalid invalid) {
      return GroupPlan.rejected(group, GroupPlan.Status.INVALID, invalid.errors(), null);
    }
    for (String dep : dependenciesOf(group, snapshot)) {
      GroupPlan d = earlier.get(dep);
      boolean missing = registry.find(dep).isEmpty();
      if (missing || (d != null && d.status() != GroupPlan.Status.CHANGES
          && d.status() != GroupPlan.Status.IN_DESIRED_STATE)) {
        return GroupPlan.rejected(group, GroupPlan.Status.BLOCKED, List.of(ReportedError.of(
            ErrorCode.DEPENDENCY_FAILED, "dependencies", "would not be applied: it depends on '" + dep + "', which "
                + (missing ? "no capability provides" : "is " + d.status().name().toLowerCase(java.util.Locale.ROOT)),
            Map.of("dependency", dep))), dep);
      }
    }
    Executor.Target target = targets.apply(c.id()).orElseThrow(
        () -> new IllegalStateException("no open adapter for ready capability " + c.id()));
    Binding binding = Binder.bind(c.definition(), ((ValidatedGroup.Valid) v).state());
    ActualState actual = cache.read(target.adapterId(), target.adapter(), binding.nodes(),
        c.definition().drift().scanInterval(), false);
    return Planner.plan(Differ.diff(binding, actual), target.adapter()::predictsOutcome);
  }

  private ValidatedGroup validated(CapabilityDefinition definition, String group, long revision, NodeValue value) {
    return validated.compute(group, (g, old) -> old != null && old.revision() == revision
        ? old : validator.validate(definition, group, revision, value));
  }

  private ReportedError unsupported(String group) {
    String why = loadProblems.apply(group).map(p -> "; its definition failed to load: " + p).orElse("");
    return ReportedError.of(ErrorCode.UNSUPPORTED_CAPABILITY, group,
        "no capability on this device manages '" + group + "'" + why, Map.of("group", group));
  }

  private Outcome unmanage(String group, long version, Instant now) {
    validated.remove(group);
    verified.remove(group);
    convergedRevision.remove(group);
    Optional<GroupReport> old = reports.get(group);
    if (old.isEmpty() || old.get().status() == DeploymentStatus.UNMANAGED) {
      return Outcome.converged();
    }
    // Removing a group from desired means "no longer managed": the device keeps its state (the original agent
    // reported this as failed).
    reports.put(old.get().withStatus(DeploymentStatus.UNMANAGED, old.get().deploymentId(), version, now)
        .withProperties(NodeValue.Obj.empty()).withErrors(Map.of()).withDrift(Map.of()));
    LOG.info("group {} removed from desired: no longer managed, device state left as it is", group);
    return Outcome.converged();
  }

  private Optional<Outcome> checkDependencies(String group, CapabilityDefinition definition, GroupMeta meta,
      DesiredDocument.Snapshot snapshot, long version, Instant now) {
    Set<String> deps = new java.util.LinkedHashSet<>(definition.dependencies());
    deps.addAll(meta.dependencies());
    for (String dep : deps) {
      ReportedError problem = null;
      if (dep.equals(group) || dependsOn(dep, group, snapshot, new HashSet<>())) {
        problem = ReportedError.of(ErrorCode.DEPENDENCY_CYCLE, "dependencies", "'" + group + "' and '" + dep
            + "' depend on each other (through __meta.dependencies): neither can be applied", Map.of("dependency", dep));
      } else if (registry.find(dep).isEmpty()) {
        problem = ReportedError.of(ErrorCode.DEPENDENCY_MISSING, "dependencies", "depends on '" + dep
            + "', which no capability on this device provides", Map.of("dependency", dep));
      }
      if (problem != null) {
        record(group, definition.interfaceVersion().toString(), DeploymentStatus.BLOCKED, meta, version, now, null,
            Map.of("dependencies", problem), Map.of());
        return Optional.of(new Outcome.Failed(problem));
      }
      if (snapshot.document().get(dep).isAbsent()) {
        continue; // nothing desired for the dependency: nothing to wait for
      }
      Optional<GroupReport> depReport = reports.get(dep);
      DeploymentStatus depStatus = depReport.map(GroupReport::status).orElse(DeploymentStatus.PENDING);
      if (depStatus.satisfiesDependents()) {
        continue;
      }
      if (depStatus == DeploymentStatus.PENDING) {
        record(group, definition.interfaceVersion().toString(), DeploymentStatus.PENDING, meta, version, now, null,
            Map.of(), Map.of());
        return Optional.of(new Outcome.Blocked(GroupKey.of(dep)));
      }
      ReportedError blocked = ReportedError.of(ErrorCode.DEPENDENCY_FAILED, "dependencies", "not applied: it depends on '"
          + dep + "', which is " + depStatus.wireName(), Map.of("dependency", dep, "dependencyStatus",
          depStatus.wireName()));
      record(group, definition.interfaceVersion().toString(), DeploymentStatus.BLOCKED, meta, version, now, null,
          Map.of("dependencies", blocked), Map.of());
      return Optional.of(new Outcome.Blocked(GroupKey.of(dep)));
    }
    return Optional.empty();
  }

  private boolean dependsOn(String from, String target, DesiredDocument.Snapshot snapshot, Set<String> seen) {
    if (!seen.add(from)) {
      return false;
    }
    for (String d : dependenciesOf(from, snapshot)) {
      if (d.equals(target) || dependsOn(d, target, snapshot, seen)) {
        return true;
      }
    }
    return false;
  }

  /** A group's dependencies: its capability's, plus any its desired {@code __meta} adds. */
  public List<String> dependenciesOf(String group, DesiredDocument.Snapshot snapshot) {
    List<String> out = new ArrayList<>();
    registry.find(group).ifPresent(c -> out.addAll(c.definition().dependencies()));
    GroupMeta.read(metaOf(snapshot.document().get(group))).dependencies().forEach(d -> {
      if (!out.contains(d)) {
        out.add(d);
      }
    });
    return out;
  }

  /** Drift entries that were only reported (policy report) are dropped once the device is in order again. */
  private static Map<String, DriftReport> withoutReported(Map<String, DriftReport> drift) {
    Map<String, DriftReport> out = new LinkedHashMap<>();
    drift.forEach((p, d) -> {
      if (!d.action().equals("reported") && !d.action().equals("remediationFailed")) {
        out.put(p, d);
      }
    });
    return out;
  }

  private Map<String, DriftReport> previousDrift(String group) {
    return reports.get(group).map(GroupReport::drift).orElse(Map.of());
  }

  private Map<String, DriftReport> detectDrift(String group, Diff diff, Map<String, DriftReport> previous,
      DriftPolicy policy, DesiredState state, long version, Instant now) {
    Map<String, DriftReport> out = new LinkedHashMap<>(previous);
    String action = policy == DriftPolicy.REPORT ? "reported" : REMEDIATING;
    diff.items().forEach(item -> {
      if (item.nodeKind().isChange() && item.item().node() != null) {
        String property = item.item().key().item() == null ? group : item.item().key().item();
        NodeValue desiredPresence = NodeValue.of(item.item().presence() == BoundItem.Presence.ABSENT ? "absent" : "present");
        NodeValue actualPresence = NodeValue.of(item.nodeKind() == PropertyDiff.Kind.ADD ? "absent" : "present");
        note(out, group, property, item.item().node().value(), desiredPresence, actualPresence, action, policy, state,
            version, now);
      }
    });
    diff.differing().forEach(p -> note(out, group, p.property(), p.node().value(), p.bound().shown(p.desired()),
        p.bound().shown(p.actual()), action, policy, state, version, now));
    return out;
  }

  private void note(Map<String, DriftReport> out, String group, String property, String node, NodeValue desiredValue,
      NodeValue actualValue, String action, DriftPolicy policy, DesiredState state, long version, Instant now) {
    DriftReport old = out.get(property);
    if (old != null && old.actual().equals(actualValue) && old.action().equals(action)) {
      return; // the same drift, already journaled and reported
    }
    if (policy != DriftPolicy.IGNORE) {
      journal.drift(GroupKey.of(group), property, node, desiredValue, actualValue, action, version,
          state.meta().deploymentId());
      if (policy == DriftPolicy.REPORT) {
        // Under remediate, the event waits for the writes: remediated or remediationFailed.
        audit.emit(AuditEvent.Kind.DRIFT, group, property, actualValue, desiredValue, version,
            state.meta().deploymentId(), null);
      }
      LOG.info("drift in {} {}: desired {} actual {} ({})", group, property, desiredValue.display(),
          actualValue.display(), policy.wireName());
    }
    out.put(property, new DriftReport(property, desiredValue, actualValue, now, action));
  }

  /** Actual values as reported: read back from the device, never echoed from desired; secrets never. */
  private static NodeValue.Obj reportedValues(Binding binding, ActualState actual, DesiredState state) {
    if (!state.meta().reportingMode().reportsValues()) {
      return NodeValue.Obj.empty();
    }
    Map<String, NodeValue> out = new LinkedHashMap<>();
    for (BoundItem item : binding.items()) {
      Map<String, NodeValue> values = new LinkedHashMap<>();
      item.identities().forEach((k, v) -> {
        if (v.isPresent()) {
          values.put(k, v);
        }
      });
      if (item.node() != null && !actual.isUnknown(item.node())) {
        item.presenceProperty().ifPresent(pp -> values.put(pp.property(),
            NodeValue.of(actual.value(item.node()).isPresent() ? pp.present() : pp.absent())));
      }
      for (BoundProperty p : item.properties()) {
        NodeValue v = actual.value(p.node());
        if (!p.spec().writeOnly() && !actual.isUnknown(p.node()) && v.isPresent()) {
          values.put(p.name(), v);
        }
      }
      if (item.key().item() == null) {
        out.putAll(values);
      } else {
        out.put(item.key().item(), NodeValue.object(values));
      }
    }
    binding.reported().forEach((name, node) -> {
      if (!actual.isUnknown(node) && actual.value(node).isPresent()) {
        out.put(name, actual.value(node));
      }
    });
    return NodeValue.object(out);
  }

  private void record(String group, String interfaceVersion, DeploymentStatus status, GroupMeta meta, long version,
      Instant now, NodeValue.@Nullable Obj values, Map<String, ReportedError> errors,
      Map<String, DriftReport> drift) {
    GroupReport old = reports.get(group).orElse(null);
    NodeValue.Obj properties = values != null ? values : old != null ? old.properties() : NodeValue.Obj.empty();
    GroupReport base = old != null ? old
        : new GroupReport(group, status, meta.deploymentId(), interfaceVersion, version, now, properties, errors, drift);
    GroupReport next = new GroupReport(group, base.status(), base.deploymentId(), interfaceVersion,
        base.desiredVersion(), base.time(), properties, errors, drift)
        .withStatus(status, meta.deploymentId(), version, now);
    reports.put(next);
  }

  private static NodeValue metaOf(NodeValue group) {
    return group instanceof NodeValue.Obj o ? o.get("__meta") : NodeValue.absent();
  }
}
