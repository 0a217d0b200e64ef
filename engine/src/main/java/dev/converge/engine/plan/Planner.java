package dev.converge.engine.plan;

import dev.converge.engine.actual.ActualState;
import dev.converge.engine.diff.BoundItem;
import dev.converge.engine.diff.BoundProperty;
import dev.converge.engine.diff.Diff;
import dev.converge.engine.diff.ItemDiff;
import dev.converge.engine.diff.PropertyDiff;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns a diff into the minimal writes: only nodes whose actual value differs are written; a missing item is
 * created with one add carrying its values (its property nodes then already match); an item desired absent is one
 * delete. Within a sub-group, writes follow the capability's declaration order. Stateless.
 */
public final class Planner {

  private Planner() {}

  /**
   * Plans one group.
   *
   * @param predicts whether the adapter can predict a write's outcome for a node
   */
  public static GroupPlan plan(Diff diff, Predicate<NodePath> predicts) {
    List<SubGroupPlan> subGroups = new ArrayList<>();
    List<ReportedError> errors = new ArrayList<>();
    for (ItemDiff item : diff.items()) {
      SubGroupPlan sub = planItem(item, diff.actual(), predicts);
      if (sub.error() != null) {
        errors.add(sub.error());
      }
      if (!sub.changes().isEmpty() || sub.error() != null) {
        subGroups.add(sub);
      }
    }
    GroupPlan.Status status = subGroups.isEmpty() ? GroupPlan.Status.IN_DESIRED_STATE : GroupPlan.Status.CHANGES;
    return new GroupPlan(diff.binding().group(), status, subGroups, errors, null);
  }

  private static SubGroupPlan planItem(ItemDiff diff, ActualState actual, Predicate<NodePath> predicts) {
    BoundItem item = diff.item();
    if (item.error() != null) {
      return new SubGroupPlan(item, List.of(), item.error());
    }
    List<Change> changes = new ArrayList<>();
    NodePath node = item.node();
    if (node != null && diff.nodeKind() == PropertyDiff.Kind.DELETE) {
      changes.add(new Change.Delete(item.key().item() == null ? item.key().group() : item.key().item(), node,
          actual.value(node), predicts.test(node), item.isSecret(node)));
      return new SubGroupPlan(item, changes, null);
    }
    if (node != null && diff.nodeKind() == PropertyDiff.Kind.ADD) {
      Map<String, NodeValue> values = new LinkedHashMap<>();
      for (BoundProperty p : item.properties()) {
        if (p.isManaged()) {
          values.put(p.name(), p.desired());
        }
      }
      changes.add(new Change.Add(item.key().item() == null ? item.key().group() : item.key().item(), node,
          NodeValue.object(values), predicts.test(node), item.isSecret(node)));
      return new SubGroupPlan(item, changes, null);
    }
    for (PropertyDiff p : diff.properties()) {
      boolean predictable = predicts.test(p.node());
      boolean secret = p.bound().spec().writeOnly();
      switch (p.kind()) {
        case ADD:
          changes.add(new Change.Add(p.property(), p.node(), p.desired(), predictable, secret));
          break;
        case REPLACE:
          changes.add(new Change.Replace(p.property(), p.node(), p.actual(), true, p.desired(), predictable, secret));
          break;
        case UNKNOWN:
          changes.add(new Change.Replace(p.property(), p.node(), NodeValue.absent(), false, p.desired(), predictable,
              secret));
          break;
        default:
          break;
      }
    }
    return new SubGroupPlan(item, changes, null);
  }
}
