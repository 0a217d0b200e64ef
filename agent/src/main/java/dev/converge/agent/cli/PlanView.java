package dev.converge.agent.cli;

import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import dev.converge.engine.plan.Change;
import dev.converge.engine.plan.GroupPlan;
import dev.converge.engine.plan.Plan;
import dev.converge.engine.plan.SubGroupPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as people and machines read it: a table of changes with the groups that will not apply and why, or the
 * same content as JSON ({@code "mode": "whatIf"}, DSC's vocabulary). Secrets are shown as digests.
 */
final class PlanView {

  private PlanView() {}

  static NodeValue.Obj toJson(Plan plan) {
    List<NodeValue> groups = new ArrayList<>();
    for (GroupPlan g : plan.groups()) {
      Map<String, NodeValue> gf = new LinkedHashMap<>();
      gf.put("group", NodeValue.of(g.group()));
      gf.put("status", NodeValue.of(status(g)));
      List<NodeValue> changes = new ArrayList<>();
      for (SubGroupPlan s : g.subGroups()) {
        for (Change c : s.changes()) {
          Map<String, NodeValue> cf = new LinkedHashMap<>();
          cf.put("subGroup", s.key().item() == null ? NodeValue.absent() : NodeValue.of(s.key().item()));
          cf.put("property", NodeValue.of(c.property()));
          cf.put("operation", NodeValue.of(c.operation()));
          cf.put("node", NodeValue.of(c.node().value()));
          cf.put("before", before(c, s));
          cf.put("after", c.predictable() ? shown(c, c.after(), s) : NodeValue.of("unknown"));
          cf.put("outcome", NodeValue.of(c.predictable() ? "predicted" : "unknown"));
          cf.values().removeIf(NodeValue::isAbsent);
          changes.add(NodeValue.object(cf));
        }
      }
      gf.put("changes", NodeValue.list(changes));
      List<NodeValue> errors = new ArrayList<>();
      g.errors().forEach(e -> errors.add(e.toValue()));
      gf.put("errors", NodeValue.list(errors));
      if (g.blockedBy() != null) {
        gf.put("blockedBy", NodeValue.of(g.blockedBy()));
      }
      groups.add(NodeValue.object(gf));
    }
    Map<String, NodeValue> f = new LinkedHashMap<>();
    f.put("mode", NodeValue.of("whatIf"));
    f.put("desiredVersion", NodeValue.of(plan.desiredVersion()));
    f.put("changeCount", NodeValue.of(plan.changes().size()));
    f.put("groups", NodeValue.list(groups));
    return NodeValue.object(f);
  }

  static String toTable(Plan plan) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"GROUP", "SUB-GROUP", "OPERATION", "NODE", "BEFORE", "AFTER"});
    for (GroupPlan g : plan.groups()) {
      for (SubGroupPlan s : g.subGroups()) {
        for (Change c : s.changes()) {
          rows.add(new String[] {g.group(), s.key().item() == null ? "" : s.key().item(), c.operation(),
              c.node().value(), cell(before(c, s)),
              c.predictable() ? cell(shown(c, c.after(), s)) : "unknown"});
        }
      }
    }
    StringBuilder out = new StringBuilder();
    if (rows.size() > 1) {
      int[] width = new int[rows.get(0).length];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          line.append(i == r.length - 1 ? r[i] : pad(r[i], width[i] + 2));
        }
        out.append(line.toString().stripTrailing()).append('\n');
      }
      out.append('\n');
    }
    int inState = 0;
    int notApplied = 0;
    for (GroupPlan g : plan.groups()) {
      if (g.status() == GroupPlan.Status.IN_DESIRED_STATE) {
        inState++;
      }
      if (!g.errors().isEmpty()) {
        notApplied++;
        out.append(g.group()).append(": ").append(status(g)).append('\n');
        for (ReportedError e : g.errors()) {
          out.append("  ").append(e.context()).append(": ").append(e.message());
          if (!e.parameters().isEmpty()) {
            out.append(' ').append(e.parameters());
          }
          out.append('\n');
        }
      }
    }
    long changedGroups = plan.groups().stream().filter(g -> !g.changes().isEmpty()).count();
    out.append(String.format("Plan: %d change(s) in %d group(s); %d group(s) already in the desired state; "
        + "%d group(s) with problems. Nothing was applied.%n", plan.changes().size(), changedGroups, inState,
        notApplied));
    return out.toString();
  }

  static String status(GroupPlan g) {
    switch (g.status()) {
      case CHANGES: return g.errors().isEmpty() ? "changes" : "changes (some sub-groups fail)";
      case IN_DESIRED_STATE: return "in desired state";
      case INVALID: return "invalid: nothing will be applied";
      case UNSUPPORTED: return "unsupported on this device";
      case BLOCKED: return "blocked" + (g.blockedBy() == null ? "" : " by " + g.blockedBy());
      default: return g.status().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static NodeValue before(Change c, SubGroupPlan s) {
    if (c instanceof Change.Replace r && !r.beforeKnown()) {
      return NodeValue.of("unknown");
    }
    return shown(c, c.before(), s);
  }

  private static NodeValue shown(Change c, NodeValue v, SubGroupPlan s) {
    return c.secret() && v.isPresent() ? NodeValue.of(v.digest()) : v;
  }

  private static String cell(NodeValue v) {
    String s = v.display().replace("\n", "\\n");
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}
