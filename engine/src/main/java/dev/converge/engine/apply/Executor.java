package dev.converge.engine.apply;

import dev.converge.engine.actual.ActualState;
import dev.converge.engine.actual.NodeCache;
import dev.converge.engine.diff.Binding;
import dev.converge.engine.diff.BoundItem;
import dev.converge.engine.diff.BoundProperty;
import dev.converge.engine.diff.Differ;
import dev.converge.engine.diff.ItemDiff;
import dev.converge.engine.diff.PropertyDiff;
import dev.converge.engine.journal.AuditTrail;
import dev.converge.engine.journal.JournalRecorder;
import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import dev.converge.engine.plan.Change;
import dev.converge.engine.plan.GroupPlan;
import dev.converge.engine.plan.SubGroupPlan;
import dev.converge.engine.port.AuditEvent;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies a group's plan through its adapter.
 *
 * <p>For each sub-group, in order: re-read the node right before writing (a node that already matches is not
 * written: the cache may be stale, and level-triggered reconciliation must not rewrite matching values); journal
 * the intent; write once; journal the outcome; invalidate the cache. When a write fails, the sub-group's earlier
 * writes are undone in reverse order, so a sub-group applies wholly or reports its error, and sibling sub-groups
 * go on. Finally every node of a successful sub-group is read back and compared, so an adapter that accepts a
 * value but keeps another is caught. No retries here: the work queue alone retries.
 *
 * <p>Each outcome, once journaled, is also emitted to the {@link AuditTrail}: {@code applied}, {@code failed} or
 * {@code rolledBack}, with the same values the journal holds (digests for secrets).
 */
public final class Executor {

  /** The adapter a group's capability uses, with its id (the cache key) and its nodes' time to live. */
  public record Target(String adapterId, NodeAdapter adapter, Duration ttl) {
    public Target {
      Objects.requireNonNull(adapterId, "adapterId");
      Objects.requireNonNull(adapter, "adapter");
      Objects.requireNonNull(ttl, "ttl");
    }
  }

  /** What the journal records with each change. */
  public record Context(long desiredVersion, String deploymentId) {
    public Context {
      Objects.requireNonNull(deploymentId, "deploymentId");
    }
  }

  private final NodeCache cache;
  private final JournalRecorder journal;
  private final AuditTrail audit;

  public Executor(NodeCache cache, JournalRecorder journal) {
    this(cache, journal, AuditTrail.none());
  }

  public Executor(NodeCache cache, JournalRecorder journal, AuditTrail audit) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  public ApplyResult apply(GroupPlan plan, Target target, Context context) {
    List<SubGroupResult> results = new ArrayList<>();
    for (SubGroupPlan sub : plan.subGroups()) {
      results.add(applySubGroup(plan.group(), sub, target, context));
    }
    return new ApplyResult(plan.group(), results);
  }

  private SubGroupResult applySubGroup(String group, SubGroupPlan sub, Target target, Context context) {
    if (sub.error() != null) {
      return new SubGroupResult(sub.key(), List.of(), List.of(new SubGroupResult.Keyed(
          sub.key().item() == null ? group : sub.key().item(), sub.error())));
    }
    List<ChangeResult> results = new ArrayList<>();
    List<ChangeResult> written = new ArrayList<>();
    List<SubGroupResult.Keyed> errors = new ArrayList<>();
    for (Change change : sub.changes()) {
      if (!errors.isEmpty()) {
        results.add(new ChangeResult(change, ChangeResult.Kind.SKIPPED, change.before()));
        continue;
      }
      NodeResult current = target.adapter().get(change.node());
      NodeValue before = current.valueOrAbsent();
      if (current.isSuccess() && isSatisfied(change, before, sub.item())) {
        results.add(new ChangeResult(change, ChangeResult.Kind.UNCHANGED, before));
        continue;
      }
      long intent = journal.intent(sub.key(), change.node().value(), change.operation(), audit(change, before, sub),
          audit(change, change.after(), sub), context.desiredVersion(), context.deploymentId());
      NodeResult outcome = write(target.adapter(), change);
      cache.invalidate(target.adapterId(), change.node());
      if (outcome.isSuccess()) {
        journal.outcome(intent, "applied", audit(change, outcome.valueOrAbsent(), sub), null);
        emit(AuditEvent.Kind.APPLIED, group, change, audit(change, before, sub),
            audit(change, outcome.valueOrAbsent(), sub), context, null);
        ChangeResult applied = new ChangeResult(change, ChangeResult.Kind.APPLIED, before);
        results.add(applied);
        written.add(applied);
      } else {
        ReportedError error = error(change, outcome, sub);
        journal.outcome(intent, "failed", audit(change, before, sub), error.message());
        emit(AuditEvent.Kind.FAILED, group, change, audit(change, before, sub), audit(change, change.after(), sub),
            context, error.message());
        results.add(new ChangeResult(change, ChangeResult.Kind.FAILED, before));
        errors.add(new SubGroupResult.Keyed(change.property(), error));
      }
    }
    if (!errors.isEmpty()) {
      rollBack(group, sub, written, results, target, context);
    } else if (!written.isEmpty()) {
      errors.addAll(verify(group, sub.item(), target));
    }
    return new SubGroupResult(sub.key(), results, errors);
  }

  private void emit(AuditEvent.Kind kind, String group, Change change, NodeValue before, NodeValue after,
      Context context, @Nullable String message) {
    audit.emit(kind, group, change.property(), before, after, context.desiredVersion(), context.deploymentId(),
        message);
  }

  private static NodeResult write(NodeAdapter adapter, Change change) {
    if (change instanceof Change.Add add) {
      return adapter.add(add.node(), add.value());
    }
    if (change instanceof Change.Replace replace) {
      return adapter.replace(replace.node(), replace.after());
    }
    return adapter.delete(change.node());
  }

  /** Undoes the sub-group's writes, newest first. */
  private void rollBack(String group, SubGroupPlan sub, List<ChangeResult> written, List<ChangeResult> results,
      Target target, Context context) {
    for (int i = written.size() - 1; i >= 0; i--) {
      ChangeResult done = written.get(i);
      Change c = done.change();
      NodeValue restore = done.before();
      String op = restore.isAbsent() ? "delete" : c instanceof Change.Delete ? "add" : "replace";
      long intent = journal.intent(sub.key(), c.node().value(), op, audit(c, c.after(), sub), audit(c, restore, sub),
          context.desiredVersion(), context.deploymentId());
      NodeResult r = restore.isAbsent() ? target.adapter().delete(c.node())
          : c instanceof Change.Delete ? target.adapter().add(c.node(), restore)
          : target.adapter().replace(c.node(), restore);
      cache.invalidate(target.adapterId(), c.node());
      boolean ok = r.isSuccess();
      journal.outcome(intent, ok ? "rolledBack" : "failed", audit(c, ok ? restore : c.after(), sub),
          ok ? null : "rollback failed: " + message(r));
      emit(ok ? AuditEvent.Kind.ROLLED_BACK : AuditEvent.Kind.FAILED, group, c, audit(c, c.after(), sub),
          audit(c, restore, sub), context, ok ? null : "rollback failed: " + message(r));
      results.set(results.indexOf(done), new ChangeResult(c, ok ? ChangeResult.Kind.ROLLED_BACK
          : ChangeResult.Kind.ROLLBACK_FAILED, done.before()));
    }
  }

  /** Reads the sub-group back and reports every node that does not hold what was written. */
  private List<SubGroupResult.Keyed> verify(String group, BoundItem item, Target target) {
    Binding binding = new Binding(group, List.of(item), Map.of());
    ActualState after = cache.read(target.adapterId(), target.adapter(), binding.nodes(), target.ttl(), true);
    ItemDiff diff = Differ.diff(binding, after).items().get(0);
    List<SubGroupResult.Keyed> errors = new ArrayList<>();
    NodePath node = item.node();
    if (node != null && diff.nodeKind().isChange() && target.adapter().predictsOutcome(node)) {
      errors.add(new SubGroupResult.Keyed(item.key().item() == null ? group : item.key().item(),
          ReportedError.of(ErrorCode.VERIFY_MISMATCH, "verify", "after writing, node " + node + " is "
              + (after.value(node).isPresent() ? "still present" : "still missing"), Map.of("node", node.value()))));
    }
    for (PropertyDiff p : diff.properties()) {
      if (p.kind().isChange() && target.adapter().predictsOutcome(p.node())) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("node", p.node().value());
        params.put("expected", shown(p.bound(), p.desired()));
        params.put("actual", after.isUnknown(p.node()) ? "(unreadable)" : shown(p.bound(), p.actual()));
        errors.add(new SubGroupResult.Keyed(p.property(), ReportedError.of(ErrorCode.VERIFY_MISMATCH, "verify",
            "the adapter accepted the write but " + p.node() + " reads back " + params.get("actual"), params)));
      }
    }
    return errors;
  }

  private static boolean isSatisfied(Change change, NodeValue current, BoundItem item) {
    if (change instanceof Change.Delete) {
      return current.isAbsent();
    }
    if (current.isAbsent()) {
      return false;
    }
    if (change instanceof Change.Add && change.node().equals(item.node())) {
      return true; // the item exists; verification compares its properties
    }
    return item.properties().stream().filter(p -> p.node().equals(change.node())).findFirst()
        .map(p -> p.spec().compare().matches(change.after(), current))
        .orElse(change.after().equals(current));
  }

  private static ReportedError error(Change change, NodeResult result, SubGroupPlan sub) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("node", change.node().value());
    if (change.after().isPresent()) {
      params.put("value", shownFor(change, change.after(), sub));
    }
    Map<String, String> fromAdapter = result instanceof NodeResult.Failed f ? f.parameters()
        : result instanceof NodeResult.Rejected r ? r.parameters() : Map.of();
    fromAdapter.forEach(params::putIfAbsent);
    ErrorCode code = result instanceof NodeResult.Rejected ? ErrorCode.ADAPTER_REJECTED : ErrorCode.ADAPTER_FAILED;
    return ReportedError.of(code, change.operation(), message(result), params);
  }

  private static String message(NodeResult r) {
    if (r instanceof NodeResult.Failed f) {
      return f.message();
    }
    if (r instanceof NodeResult.Rejected rj) {
      return rj.message();
    }
    return "ok";
  }

  /** Secrets (write-only properties) are journaled and reported as digests only. */
  private static NodeValue audit(Change change, NodeValue value, SubGroupPlan sub) {
    return sub.item().shown(change.node(), value);
  }

  private static String shownFor(Change change, NodeValue value, SubGroupPlan sub) {
    return abbreviate(sub.item().shown(change.node(), value).display());
  }

  private static String shown(BoundProperty p, NodeValue value) {
    return abbreviate(p.shown(value).display());
  }

  private static String abbreviate(String s) {
    return s.length() <= 256 ? s : s.substring(0, 256) + "…";
  }
}
