package dev.converge.engine;

import dev.converge.engine.actual.NodeCache;
import dev.converge.engine.apply.Executor;
import dev.converge.engine.command.CommandDispatcher;
import dev.converge.engine.definition.Capability;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.desired.DesiredDocument;
import dev.converge.engine.desired.DesiredValidator;
import dev.converge.engine.desired.GroupMeta;
import dev.converge.engine.journal.AuditTrail;
import dev.converge.engine.journal.JournalEntry;
import dev.converge.engine.journal.JournalRecorder;
import dev.converge.engine.journal.ReplayReport;
import dev.converge.engine.loop.ReconcileLoop;
import dev.converge.engine.model.DeploymentStatus;
import dev.converge.engine.model.GroupKey;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.plan.GroupPlan;
import dev.converge.engine.plan.Plan;
import dev.converge.engine.port.AuditEvent;
import dev.converge.engine.port.Clock;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeResult;
import dev.converge.engine.port.TwinChannel;
import dev.converge.engine.queue.DriftSchedule;
import dev.converge.engine.queue.Trigger;
import dev.converge.engine.queue.WorkQueue;
import dev.converge.engine.reconcile.GroupReconciler;
import dev.converge.engine.report.GroupReport;
import dev.converge.engine.report.ReportedState;
import dev.converge.engine.report.Reporter;
import dev.converge.engine.report.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's one implementation: wiring, desired intake, startup replay, reporting and what-if planning. */
final class ConvergeEngine implements Engine {

  private static final Logger LOG = LoggerFactory.getLogger(ConvergeEngine.class);
  private static final String DEVICE_SCHEMAS = "__deviceSchemas";
  private static final java.time.Duration RESEND_DELAY = java.time.Duration.ofSeconds(1);

  private final CapabilityRegistry registry;
  private final List<DefinitionProblem> loadProblems;
  private final Map<String, NodeAdapter> adapters;
  private final TwinChannel channel;
  private final Clock clock;
  private final DesiredDocument desired = new DesiredDocument();
  private final DesiredValidator validator = new DesiredValidator();
  private final NodeCache cache;
  private final ReportedState reports = new ReportedState();
  private final Reporter reporter = new Reporter();
  private final DriftSchedule driftSchedule;
  private final JournalRecorder journal;
  private final AuditTrail audit;
  private final GroupReconciler reconciler;
  private final WorkQueue queue;
  private final ReconcileLoop loop;
  private final CommandDispatcher commands;
  /** Set by {@code clearReportedCmd}: the next flush rebuilds the reported document against the twin's. */
  private boolean rebuildReported;
  private final java.util.Queue<Runnable> commandEffects = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private ReplayReport replay;
  private long flushedVersion = Long.MIN_VALUE;
  private boolean resend;
  private boolean fullDesiredNeeded;
  /** The desired document in hand is older than one seen before; until the confirming fetch, do not apply it. */
  private boolean rewoundPending;
  private boolean interruptedWritesFinished;
  /** When a failed report or full-document fetch is tried again (by the caller's next runUntilIdle). */
  private Instant retryAt = Instant.EPOCH;
  private long schemasVersion = Long.MIN_VALUE;
  private NodeValue.Obj schemas = NodeValue.Obj.empty();

  ConvergeEngine(Engine.Builder b) {
    this.registry = b.registry;
    this.loadProblems = b.loadProblems;
    this.adapters = Map.copyOf(b.adapters);
    this.channel = b.channel;
    this.clock = b.clock;
    this.cache = new NodeCache(clock, b.cacheSize);
    this.driftSchedule = new DriftSchedule(clock);
    this.journal = JournalRecorder.open(b.journal, clock);
    this.replay = journal.replay();
    this.audit = AuditTrail.of(b.audit, clock);
    Executor executor = new Executor(cache, journal, audit);
    this.reconciler = new GroupReconciler(registry, this::target, desired, validator, cache, executor, journal,
        audit, reports, clock, this::loadProblem);
    this.queue = new WorkQueue(clock, this::dependencyKeys, k -> registry.rank(k.group()));
    this.loop = new ReconcileLoop(queue, reconciler, b.backoff);
    // A command may run on another thread: what it changes in the engine waits for the next runUntilIdle.
    this.commands = new CommandDispatcher(registry, id -> Optional.ofNullable(adapters.get(id)),
        () -> commandEffects.add(this::clearReported), id -> commandEffects.add(() -> commandRan(id)),
        new JournaledCommands());
    commands.problems().forEach(p -> LOG.warn("capability definition problem: {}", p));
  }

  @Override
  public void start() {
    finishInterruptedWrites();
    NodeValue.Obj twinReported = channel.fetchReported().toCompletableFuture().join();
    reporter.restore(owned(twinReported));
    channel.onDesired(this::receive);
    receive(channel.fetchDesired().toCompletableFuture().join());
    for (Capability c : registry.all()) {
      if (c.isReady()) {
        driftSchedule.schedule(c.id(), c.definition().drift().scanInterval());
      }
    }
    LOG.info("engine started: {} capabilities ({} ready), desired version {}", registry.all().size(),
        registry.all().stream().filter(Capability::isReady).count(), desired.version());
  }

  @Override
  public void receive(TwinChannel.DesiredUpdate update) {
    DesiredDocument.Change change = desired.apply(update);
    if (change.hasGap()) {
      LOG.info("desired patch {} does not follow version {}: the full desired document will be fetched",
          update.version(), change.version());
      // Fetched by the caller's next runUntilIdle, not here: receive runs inside the channel's listener, where a
      // blocking call to the channel could wait on the very thread that must deliver its answer.
      fullDesiredNeeded = true;
      return;
    }
    if (update.isFullDocument()) {
      rewoundPending = change.isRewound(); // a full document confirms or rewinds; a patch changes neither
    }
    if (change.isRewound()) {
      LOG.info("the twin's desired document is at version {}, older than the one known: taking it (the twin was"
          + " recreated, or this is another twin); fetching once more in case a newer patch overtook it",
          update.version());
      fullDesiredNeeded = true;
      retryAt = clock.now();
    }
    if (change.isStale()) {
      LOG.debug("ignoring desired update {}: already at version {}", update.version(), change.version());
      return;
    }
    NodeValue.Obj document = desired.snapshot().document();
    Instant now = clock.now();
    for (String group : change.changedGroups()) {
      if (group.startsWith("__")) {
        continue; // built-in sections (__deviceSchemas) are rendered by the reporter, not reconciled
      }
      NodeValue value = document.get(group);
      if (value.isPresent()) {
        markPending(group, value, change.version(), now);
      }
      queue.add(GroupKey.of(group), Trigger.DESIRED_CHANGE);
    }
  }

  private void fetchFullDesired() {
    try {
      TwinChannel.DesiredUpdate full = channel.fetchDesired().toCompletableFuture().join();
      if (!full.isFullDocument()) {
        LOG.error("fetchDesired returned a patch; ignoring it");
        return;
      }
      fullDesiredNeeded = false;
      receive(full);
    } catch (CompletionException e) {
      LOG.warn("could not fetch the full desired document after a version gap; will try again: {}",
          e.getCause() == null ? e.toString() : e.getCause().toString());
      retryAt = clock.now().plus(RESEND_DELAY);
    }
  }

  private void markPending(String group, NodeValue value, long version, Instant now) {
    String deployment = GroupMeta.read(value instanceof NodeValue.Obj o ? o.get("__meta") : value).deploymentId();
    Optional<GroupReport> old = reports.get(group);
    if (old.isPresent()) {
      reports.put(old.get().withStatus(DeploymentStatus.PENDING, deployment, version, now));
    } else {
      String iv = registry.find(group).map(c -> c.definition().interfaceVersion().toString()).orElse("");
      reports.put(new GroupReport(group, DeploymentStatus.PENDING, deployment, iv, version, now,
          NodeValue.Obj.empty(), Map.of(), Map.of()));
    }
  }

  @Override
  public TwinChannel.CommandResponse invoke(TwinChannel.CommandRequest request) {
    return commands.dispatch(request);
  }

  private void clearReported() {
    rebuildReported = true;
    resend = true;
  }

  /**
   * Commands are journaled like writes (intent {@code exec} with the payload, then the outcome) and audited; the
   * journal and audit trail are thread-safe, as commands run on the thread that answers the method.
   */
  private final class JournaledCommands implements dev.converge.engine.command.CommandLog {
    @Override
    public long started(String capability, String method, NodePath node, NodeValue.Obj payload) {
      return journal.intent(GroupKey.of(capability), node.value(), "exec", NodeValue.absent(), payload,
          Math.max(0, desired.version()), ""); // the node names the command (e.g. ./Logs/app/x.log/Delete)
    }

    @Override
    public void finished(long started, String capability, String method, NodeValue.Obj payload,
        @org.jspecify.annotations.Nullable NodeResult result, @org.jspecify.annotations.Nullable String problem) {
      NodeValue value = result == null ? NodeValue.absent() : result.valueOrAbsent();
      NodeValue shown = value.toJson().toString().length() > 1024 ? NodeValue.of(value.digest()) : value;
      journal.outcome(started, problem == null ? "executed" : "failed", shown, problem);
      audit.emit(AuditEvent.Kind.COMMAND, capability, method, shown, payload, Math.max(0, desired.version()), "",
          problem);
    }
  }

  /** A command may have changed what the adapter's nodes hold: read them again and re-check the group. */
  private void commandRan(String capabilityId) {
    registry.find(capabilityId).ifPresent(c -> cache.invalidateAdapter(c.definition().adapter()));
    if (desired.snapshot().document().has(capabilityId)) {
      queue.add(GroupKey.of(capabilityId), Trigger.COMMAND);
    }
  }

  @Override
  public int runUntilIdle() {
    for (Runnable effect; (effect = commandEffects.poll()) != null; ) {
      effect.run();
    }
    if (fullDesiredNeeded) {
      fetchFullDesired();
      if (fullDesiredNeeded && rewoundPending) {
        return 0; // an older document may yet be overtaken by the confirming fetch: apply nothing from it yet
      }
    }
    int runs = loop.runUntilIdle();
    flush();
    return runs;
  }

  @Override
  public void tick() {
    NodeValue.Obj document = desired.snapshot().document();
    for (String capability : driftSchedule.due()) {
      registry.find(capability).ifPresent(c -> cache.invalidateAdapter(c.definition().adapter()));
      if (document.has(capability)) {
        queue.add(GroupKey.of(capability), Trigger.DRIFT_SCAN);
      }
    }
  }

  @Override
  public void recheckAll() {
    for (String group : desired.snapshot().document().fields().keySet()) {
      if (!group.startsWith("__")) {
        queue.add(GroupKey.of(group), Trigger.RECONNECT);
      }
    }
  }

  @Override
  public void refetchDesired() {
    fullDesiredNeeded = true;
    retryAt = clock.now();
  }

  @Override
  public Optional<Instant> nextWakeUp() {
    Optional<Instant> again = resend || fullDesiredNeeded ? Optional.of(retryAt) : Optional.empty();
    return Stream.of(queue.nextDue(), driftSchedule.nextDue(), again).flatMap(Optional::stream)
        .min(Comparator.naturalOrder());
  }

  private void flush() {
    long version = desired.version();
    if (!reports.takeChanged() && version == flushedVersion && !resend) {
      return; // nothing to report: the common case for a drift scan or recheck that found the device in order
    }
    flushedVersion = version;
    resend = false;
    if (rebuildReported) {
      rebuildReported = false;
      reporter.forget(owned(twinReportedOrLastKnown()));
    }
    NodeValue.Obj document = reporter.render(reports.all(), version, deviceSchemas(), clock.now());
    if (replay.problem().isPresent() && document.get("__summary") instanceof NodeValue.Obj summary) {
      // A damaged journal is reported where operators look, not only in the device's log.
      document = document.with("__summary", summary.with("journal",
          NodeValue.of(replay.problem().get().describe())));
    }
    reporter.next(document).ifPresent(out -> {
      if (!out.trimmed().isEmpty()) {
        LOG.warn("reported state exceeds the twin limits; trimmed: {}", out.trimmed());
      }
      try {
        channel.sendReported(out.patch()).toCompletableFuture().join();
        reporter.acknowledge(out.document());
      } catch (CompletionException e) {
        // Not acknowledged, yet possibly applied: the next flush restates the whole document (Reporter#unconfirmed).
        reporter.unconfirmed(out);
        resend = true;
        retryAt = clock.now().plus(RESEND_DELAY);
        LOG.warn("reported patch not accepted, will resend: {}", e.getCause() == null ? e : e.getCause().toString());
      }
    });
  }

  /** {@code __deviceSchemas}: every capability, filtered by the desired {@code reporting} section. */
  private NodeValue.Obj deviceSchemas() {
    DesiredDocument.Snapshot snapshot = desired.snapshot();
    if (snapshot.version() == schemasVersion) {
      return schemas; // depends only on desired (filter, configured groups) and the fixed registry
    }
    schemasVersion = snapshot.version();
    schemas = renderDeviceSchemas(snapshot.document());
    return schemas;
  }

  private NodeValue.Obj renderDeviceSchemas(NodeValue.Obj document) {
    NodeValue.Obj reporting = document.object(DEVICE_SCHEMAS).flatMap(d -> d.object("reporting"))
        .orElse(NodeValue.Obj.empty());
    Set<String> groups = list(reporting.text("groups").orElse("all"));
    Set<String> types = list(reporting.text("types").orElse("all"));
    Set<String> tags = list(reporting.text("tags").orElse(""));
    Map<String, NodeValue> out = new LinkedHashMap<>();
    for (Capability c : registry.all()) {
      String id = c.id();
      boolean groupOk = groups.contains("all") || groups.contains(id)
          || (groups.contains("configured") && document.has(id));
      boolean typeOk = types.contains("all") || types.contains("raw");
      boolean tagOk = tags.isEmpty() || c.definition().tags().stream().anyMatch(tags::contains);
      if (groupOk && typeOk && tagOk) {
        Map<String, NodeValue> entry = new LinkedHashMap<>();
        entry.put("type", NodeValue.of("raw"));
        entry.put("tags", NodeValue.of(String.join(";", c.definition().tags())));
        entry.put("interfaceVersion", NodeValue.of(c.definition().interfaceVersion().toString()));
        entry.put("status", NodeValue.of(c.availability().name().toLowerCase(java.util.Locale.ROOT)));
        out.put(id, NodeValue.object(entry));
      }
    }
    return NodeValue.object(out);
  }

  private static Set<String> list(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : text.split(";")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** The reported twin as the hub holds it; if it cannot be fetched, the last report the hub acknowledged. */
  private NodeValue.Obj twinReportedOrLastKnown() {
    try {
      return channel.fetchReported().toCompletableFuture().join();
    } catch (RuntimeException e) { // CompletionException, or a channel that refuses at once (disconnected)
      LOG.warn("could not fetch the reported twin to rebuild it; rebuilding against the last acknowledged report: {}",
          e.getCause() == null ? e.toString() : e.getCause().toString());
      return reporter.acknowledged();
    }
  }

  /** Only keys Converge writes; anything else another writer put in the reported twin is left alone. */
  private NodeValue.Obj owned(NodeValue.Obj twinReported) {
    Map<String, NodeValue> out = new LinkedHashMap<>();
    twinReported.fields().forEach((k, v) -> {
      if (k.startsWith("__") || registry.find(k).isPresent()) {
        out.put(k, v);
      }
    });
    return NodeValue.object(out);
  }

  /**
   * Completes the journal's unfinished intents: a write that was interrupted is re-checked against the device.
   * If the node holds what was being written, the intent is completed; otherwise it is recorded as interrupted, and
   * the group's next reconcile (every group is queued at start) writes it again.
   */
  private void finishInterruptedWrites() {
    if (interruptedWritesFinished) {
      return; // start() may be called again after a failed start: the replay's intents are finished once
    }
    interruptedWritesFinished = true;
    for (JournalEntry intent : replay.unfinishedIntents()) {
      if ("exec".equals(intent.operation())) {
        String message = "a direct method was running when the agent stopped; whether it took effect is unknown";
        journal.outcome(intent.seq(), "interrupted", NodeValue.absent(), message);
        audit.emit(AuditEvent.Kind.COMMAND, intent.group(), intent.node() == null ? intent.group() : intent.node(),
            NodeValue.absent(), intent.after(), intent.desiredVersion(), intent.deploymentId(), message);
        LOG.warn("journal: direct method on {} of {} was interrupted by a stop; its effect is unknown",
            intent.node(), intent.group());
        continue;
      }
      Optional<NodeAdapter> adapter = registry.find(intent.group())
          .filter(Capability::isReady).map(c -> adapters.get(c.definition().adapter()));
      NodeResult now = adapter.isPresent() && intent.node() != null
          ? adapter.get().get(NodePath.of(intent.node()))
          : NodeResult.failed("capability not available", Map.of());
      boolean done = now.isSuccess() && ("delete".equals(intent.operation())
          ? now.valueOrAbsent().isAbsent()
          : now.valueOrAbsent().equals(intent.after()) || now.valueOrAbsent().digest().equals(intent.after().display()));
      String message = "interrupted before its outcome was recorded; the node does not hold the intended value";
      journal.outcome(intent.seq(), done ? "completedAfterRestart" : "interrupted",
          shownLike(intent, now.valueOrAbsent()), done ? null : message);
      // The intent names the node, not the property: the event does the same.
      audit.emit(done ? AuditEvent.Kind.APPLIED : AuditEvent.Kind.FAILED, intent.group(), intent.node() == null
          ? intent.group() : intent.node(), intent.before(), intent.after(), intent.desiredVersion(),
          intent.deploymentId(), done ? null : message);
      LOG.warn("journal: write {} {} of {} was interrupted; {}", intent.operation(), intent.node(), intent.group(),
          done ? "the device holds the intended value" : "it will be applied again");
    }
  }

  /**
   * The value read back, as the intent shows its values: the executor journals a secret (write-only property) as
   * its digest, so a value read for such an intent is journaled as a digest too, never in clear.
   */
  private static NodeValue shownLike(JournalEntry intent, NodeValue found) {
    boolean secret = isDigest(intent.after()) || isDigest(intent.before());
    return secret && found.isPresent() ? NodeValue.of(found.digest()) : found;
  }

  private static boolean isDigest(NodeValue value) {
    return value instanceof NodeValue.Text t && t.value().startsWith("sha256:");
  }

  @Override
  public Plan plan() {
    DesiredDocument.Snapshot snapshot = desired.snapshot();
    List<String> groups = snapshot.document().fields().keySet().stream().filter(g -> !g.startsWith("__"))
        .sorted(Comparator.comparing((String g) -> registry.rank(g)).thenComparing(Comparator.naturalOrder()))
        .collect(Collectors.toList());
    Map<String, GroupPlan> plans = new HashMap<>();
    List<GroupPlan> ordered = new ArrayList<>();
    for (String group : groups) {
      GroupPlan p = reconciler.whatIf(group, snapshot, plans);
      plans.put(group, p);
      ordered.add(p);
    }
    return new Plan(ordered, snapshot.version());
  }

  @Override
  public TwinChannel.DesiredUpdate desired() {
    DesiredDocument.Snapshot snapshot = desired.snapshot();
    return TwinChannel.DesiredUpdate.full(snapshot.document(), snapshot.version());
  }

  @Override
  public NodeValue.Obj reported() {
    return reporter.acknowledged();
  }

  @Override
  public Summary summary() {
    return Summary.of(reports.all(), desired.version());
  }

  @Override
  public List<DefinitionProblem> problems() {
    List<DefinitionProblem> all = new ArrayList<>(loadProblems);
    all.addAll(registry.problems());
    all.addAll(commands.problems());
    return all;
  }

  @Override
  public ReplayReport replay() {
    return replay;
  }

  @Override
  public void close() {
    adapters.values().forEach(a -> {
      try {
        a.close();
      } catch (RuntimeException e) {
        LOG.warn("closing adapter {} failed", a.describe().id(), e);
      }
    });
  }

  private Optional<Executor.Target> target(String capabilityId) {
    return registry.find(capabilityId).filter(Capability::isReady).map(c -> {
      String adapterId = c.definition().adapter();
      return new Executor.Target(adapterId, adapters.get(adapterId), c.definition().drift().scanInterval());
    });
  }

  private Optional<String> loadProblem(String id) {
    return loadProblems.stream().filter(p -> p.capability().equals(id)).map(DefinitionProblem::toString).findFirst();
  }

  private Set<GroupKey> dependencyKeys(GroupKey key) {
    DesiredDocument.Snapshot snapshot = desired.snapshot();
    return reconciler.dependenciesOf(key.group(), snapshot).stream().map(GroupKey::of)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
