package dev.converge.agent.cli;

import dev.converge.agent.state.AgentState;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.report.TwinLimits;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code converge drift}: the drift the running agent last reported, read from its local state: one row per
 * property in each group's {@code __drift}, and the {@code __summary} counts.
 */
@Command(name = "drift", mixinStandardHelpOptions = true,
    description = {"Show where the device differs from its desired state, as the agent last reported it: one row per "
        + "drifted property (group, property, desired, actual, when detected, action) and the summary counts.",
        "Read from the agent's local state; nothing is read from the hub or the device.",
        "Action 'remediated' means the agent put the property right (kept until the group's desired state changes); "
            + "'reported' means it was left as it is (drift policy report); 'remediationFailed' that putting it "
            + "right failed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no drift now (rows, if any, were all remediated)",
        "1:drift exists: some property is drifted and not put right, or __summary.driftCount > 0",
        "2:bad input: no agent state in the data folder (the agent has not run with it), or it is damaged"})
final class DriftCommand implements Callable<Integer> {

  @Mixin DataOption data;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  /** One entry of a group's {@code __drift}, keys decoded as the engine escaped them for the twin. */
  record DriftRow(String group, String property, NodeValue desired, NodeValue actual, String detected,
      String action) {
    DriftRow {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(desired, "desired");
      Objects.requireNonNull(actual, "actual");
      Objects.requireNonNull(detected, "detected");
      Objects.requireNonNull(action, "action");
    }

    /** Whether the property is still drifted (anything but {@code remediated}). */
    boolean isCurrent() {
      return !action.equals("remediated");
    }

    NodeValue.Obj toValue() {
      Map<String, NodeValue> f = new LinkedHashMap<>();
      f.put("group", NodeValue.of(group));
      f.put("property", NodeValue.of(property));
      f.put("desired", desired);
      f.put("actual", actual);
      f.put("detected", NodeValue.of(detected));
      f.put("action", NodeValue.of(action));
      f.put("current", NodeValue.of(isCurrent()));
      return NodeValue.object(f);
    }
  }

  /** The drift in a reported document, and the groups whose entries were trimmed to a count for the twin. */
  record Drift(List<DriftRow> rows, Map<String, Long> trimmed, NodeValue.Obj summary) {
    Drift {
      rows = List.copyOf(rows);
      trimmed = Map.copyOf(trimmed);
    }

    static Drift of(NodeValue.Obj reported) {
      List<DriftRow> rows = new ArrayList<>();
      Map<String, Long> trimmed = new LinkedHashMap<>();
      reported.fields().forEach((groupKey, value) -> {
        if (groupKey.startsWith("__") || !(value instanceof NodeValue.Obj group)) {
          return;
        }
        String name = TwinLimits.decodeKey(groupKey);
        Optional<NodeValue.Obj> drift = group.object("__drift");
        if (drift.isEmpty()) {
          return;
        }
        drift.get().fields().forEach((property, entry) -> {
          if (property.equals("__count")) {
            trimmed.put(name, entry instanceof NodeValue.Num n ? n.value().longValue() : 0L);
          } else if (entry instanceof NodeValue.Obj e) {
            rows.add(new DriftRow(name, TwinLimits.decodeKey(property), e.get("desired"), e.get("actual"),
                e.text("detected").orElse(""), e.text("action").orElse("")));
          }
        });
      });
      return new Drift(rows, trimmed, reported.object("__summary").orElse(NodeValue.Obj.empty()));
    }

    long count(String summaryField) {
      return summary.get(summaryField) instanceof NodeValue.Num n ? n.value().longValue() : 0;
    }

    boolean exists() {
      return rows.stream().anyMatch(DriftRow::isCurrent) || !trimmed.isEmpty() || count("driftCount") > 0;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<AgentState> read = data.read(spec.commandLine().getErr());
    if (read.isEmpty()) {
      return ExitCode.USAGE;
    }
    AgentState state = read.get();
    Drift drift = Drift.of(state.reported());
    if (json) {
      out.println(toJson(state, drift).toJsonText());
    } else {
      out.print(toTable(state, drift));
    }
    out.flush();
    return drift.exists() ? ExitCode.NOT_CONVERGED : ExitCode.OK;
  }

  private NodeValue.Obj toJson(AgentState state, Drift drift) {
    Map<String, NodeValue> f = new LinkedHashMap<>();
    f.put("state", NodeValue.of(data.local().stateFile().toString()));
    f.put("updated", NodeValue.of(state.updated().toString()));
    f.put("desiredVersion", NodeValue.of(state.desiredVersion()));
    f.put("drifted", NodeValue.of(drift.exists()));
    f.put("drift", NodeValue.list(drift.rows().stream().map(r -> (NodeValue) r.toValue()).toList()));
    Map<String, NodeValue> trimmed = new LinkedHashMap<>();
    drift.trimmed().forEach((g, n) -> trimmed.put(g, NodeValue.of(n)));
    f.put("trimmed", NodeValue.object(trimmed));
    f.put("summary", drift.summary());
    return NodeValue.object(f);
  }

  private String toTable(AgentState state, Drift drift) {
    StringBuilder out = new StringBuilder();
    TextTable table = new TextTable("GROUP", "PROPERTY", "DESIRED", "ACTUAL", "DETECTED", "ACTION");
    for (DriftRow r : drift.rows()) {
      table.row(r.group(), r.property(), TextTable.cell(r.desired()), TextTable.cell(r.actual()), r.detected(),
          r.action());
    }
    if (!table.isEmpty()) {
      out.append(table.render()).append('\n');
    }
    drift.trimmed().forEach((g, n) -> out.append(g).append(": ").append(n)
        .append(" drift entries were trimmed from the twin (too large); the journal has each of them\n"));
    long current = drift.rows().stream().filter(DriftRow::isCurrent).count();
    long fixed = drift.rows().size() - current;
    if (drift.exists()) {
      out.append(String.format("Drift: %d propert%s drifted now, %d put right.%n", current,
          current == 1 ? "y" : "ies", fixed));
    } else {
      out.append(fixed == 0 ? "No drift: every managed property matched its desired value at the last check.\n"
          : String.format("No drift now: %d propert%s put right by the agent.%n", fixed, fixed == 1 ? "y was"
              : "ies were"));
    }
    out.append(String.format("Summary: driftCount %d%s, failedCount %d, pendingCount %d, blockedCount %d.%n",
        drift.count("driftCount"), groups(drift.summary(), "driftGroups"), drift.count("failedCount"),
        drift.count("pendingCount"), drift.count("blockedCount")));
    out.append(String.format("Agent state saved %s, desired version %d (%s).%n", state.updated(),
        state.desiredVersion(), data.local().stateFile()));
    return out.toString();
  }

  static String groups(NodeValue.Obj summary, String field) {
    String groups = summary.text(field).orElse("");
    return groups.isEmpty() ? "" : " (" + groups.replace(";", ", ") + ")";
  }
}
