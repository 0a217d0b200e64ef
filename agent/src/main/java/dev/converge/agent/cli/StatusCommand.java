package dev.converge.agent.cli;

import dev.converge.agent.state.AgentState;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.report.TwinLimits;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code converge status}: what the running agent last saved: identity, connection, desired version, each group's
 * deployment status ({@code __meta}) and the {@code __summary} counts, and whether its process is still alive.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show the agent's connection and identity, the desired version, each group's deployment status "
        + "and the summary counts, as the agent last saved them, and whether its process is running.",
        "Read from the agent's local state; nothing is read from the hub or the device."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every group succeeded (or is no longer managed)",
        "1:some group failed, is pending, blocked, drifted or unsupported",
        "2:bad input: no agent state in the data folder (the agent has not run with it), or it is damaged"})
final class StatusCommand implements Callable<Integer> {

  /** Statuses that keep {@code status} from exiting 0. */
  private static final Set<String> NOT_DONE = Set.of("failed", "pending", "blocked", "drifted", "unsupported");

  @Mixin DataOption data;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Spec CommandSpec spec;

  /** One group as reported in its {@code __meta}; a desired group not yet reported is {@code pending}. */
  record GroupStatus(String group, String status, String deploymentId, String desiredVersion, String time,
      int errors, int drift, boolean reported) {

    boolean isDone() {
      return !NOT_DONE.contains(status);
    }

    NodeValue.Obj toValue() {
      Map<String, NodeValue> f = new LinkedHashMap<>();
      f.put("group", NodeValue.of(group));
      f.put("status", NodeValue.of(status));
      f.put("deploymentId", NodeValue.of(deploymentId));
      f.put("desiredVersion", NodeValue.of(desiredVersion));
      f.put("time", NodeValue.of(time));
      f.put("errors", NodeValue.of(errors));
      f.put("drift", NodeValue.of(drift));
      f.put("reported", NodeValue.of(reported));
      return NodeValue.object(f);
    }
  }

  static List<GroupStatus> groups(AgentState state) {
    List<GroupStatus> out = new ArrayList<>();
    state.reported().fields().forEach((key, value) -> {
      if (key.startsWith("__") || !(value instanceof NodeValue.Obj g) || g.object("__meta").isEmpty()) {
        return;
      }
      NodeValue.Obj meta = g.object("__meta").get();
      out.add(new GroupStatus(TwinLimits.decodeKey(key), meta.text("deploymentStatus").orElse("unknown"),
          meta.text("deploymentId").orElse(""), meta.get("desiredVersion").isPresent()
              ? meta.get("desiredVersion").display() : "", meta.text("time").orElse(""), size(g.get("__errors")),
          size(g.get("__drift")), true));
    });
    state.desired().fields().forEach((group, value) -> {
      boolean reported = out.stream().anyMatch(g -> g.group().equals(group));
      if (!group.startsWith("__") && !reported) {
        String deployment = value instanceof NodeValue.Obj o
            ? o.object("__meta").flatMap(m -> m.text("deploymentId")).orElse("") : "";
        out.add(new GroupStatus(group, "pending", deployment, Long.toString(state.desiredVersion()), "", 0, 0,
            false));
      }
    });
    out.sort(Comparator.comparing(GroupStatus::group));
    return out;
  }

  private static int size(NodeValue v) {
    if (v instanceof NodeValue.Obj o) {
      return o.get("__count") instanceof NodeValue.Num n ? n.value().intValue() : o.fields().size();
    }
    return 0;
  }

  static boolean isRunning(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Optional<AgentState> read = data.read(spec.commandLine().getErr());
    if (read.isEmpty()) {
      return ExitCode.USAGE;
    }
    AgentState state = read.get();
    List<GroupStatus> groups = groups(state);
    NodeValue.Obj summary = state.reported().object("__summary").orElse(NodeValue.Obj.empty());
    boolean running = isRunning(state.pid());
    boolean done = groups.stream().allMatch(GroupStatus::isDone) && count(summary, "failedCount") == 0
        && count(summary, "pendingCount") == 0 && count(summary, "blockedCount") == 0
        && count(summary, "driftCount") == 0 && count(summary, "unsupportedCount") == 0;
    if (json) {
      out.println(toJson(state, groups, summary, running, done).toJsonText());
    } else {
      out.print(toText(state, groups, summary, running, done));
    }
    out.flush();
    return done ? ExitCode.OK : ExitCode.NOT_CONVERGED;
  }

  private NodeValue.Obj toJson(AgentState state, List<GroupStatus> groups, NodeValue.Obj summary, boolean running,
      boolean done) {
    Map<String, NodeValue> f = new LinkedHashMap<>();
    f.put("state", NodeValue.of(data.local().stateFile().toString()));
    f.put("deviceId", NodeValue.of(state.deviceId()));
    f.put("moduleId", state.moduleId() == null ? NodeValue.absent() : NodeValue.of(state.moduleId()));
    f.put("hubHostName", NodeValue.of(state.hubHostName()));
    f.put("connection", NodeValue.of(state.connection().wireName()));
    f.put("connectionSince", NodeValue.of(state.connectionSince().toString()));
    f.put("pid", NodeValue.of(state.pid()));
    f.put("running", NodeValue.of(running));
    f.put("desiredVersion", NodeValue.of(state.desiredVersion()));
    f.put("updated", NodeValue.of(state.updated().toString()));
    f.put("converged", NodeValue.of(done));
    f.put("groups", NodeValue.list(groups.stream().map(g -> (NodeValue) g.toValue()).toList()));
    f.put("summary", summary);
    f.values().removeIf(NodeValue::isAbsent);
    return NodeValue.object(f);
  }

  private String toText(AgentState state, List<GroupStatus> groups, NodeValue.Obj summary, boolean running,
      boolean done) {
    StringBuilder out = new StringBuilder();
    String[][] head = {
        {"Device", state.identity() + " on " + state.hubHostName()},
        {"Connection", state.connection().wireName() + " since " + state.connectionSince()},
        {"Agent", "pid " + state.pid() + (running ? ", running" : ", not running: this state may be out of date")},
        {"Desired", "version " + state.desiredVersion()},
        {"Updated", state.updated().toString()}};
    for (String[] line : head) {
      out.append(String.format("%-12s%s%n", line[0], line[1]));
    }
    out.append('\n');
    TextTable table = new TextTable("GROUP", "STATUS", "DEPLOYMENT", "VERSION", "TIME", "ERRORS", "DRIFT");
    for (GroupStatus g : groups) {
      table.row(g.group(), g.status() + (g.reported() ? "" : " (not reported yet)"), g.deploymentId(),
          g.desiredVersion(), g.time(), Integer.toString(g.errors()), Integer.toString(g.drift()));
    }
    out.append(table.isEmpty() ? "No groups in the desired state.\n" : table.render()).append('\n');
    out.append(String.format("Summary: %d failed%s, %d pending%s, %d blocked%s, %d drifted%s, %d unsupported%s;"
            + " deployments: %s%n",
        count(summary, "failedCount"), DriftCommand.groups(summary, "failedGroups"),
        count(summary, "pendingCount"), DriftCommand.groups(summary, "pendingGroups"),
        count(summary, "blockedCount"), DriftCommand.groups(summary, "blockedGroups"),
        count(summary, "driftCount"), DriftCommand.groups(summary, "driftGroups"),
        count(summary, "unsupportedCount"), DriftCommand.groups(summary, "unsupportedGroups"),
        summary.text("deployments").filter(s -> !s.isEmpty()).map(s -> s.replace(";", ", ")).orElse("none")));
    summary.text("journal").ifPresent(j -> out.append("Journal: ").append(j).append('\n'));
    if (summary.get("trimmed").isPresent()) {
      out.append("Trimmed from the twin: ").append(summary.get("trimmed").display()).append('\n');
    }
    out.append(done ? "Every group is in its desired state.\n" : "Not every group is in its desired state.\n");
    return out.toString();
  }

  private static long count(NodeValue.Obj summary, String field) {
    return summary.get(field) instanceof NodeValue.Num n ? n.value().longValue() : 0;
  }
}
