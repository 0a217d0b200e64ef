package dev.converge.engine.definition;

import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.ReportedError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The capabilities of this device, with adapters and dependencies resolved.
 *
 * <p>Each problem concerns only the capabilities involved (the original agent stopped all twin processing on one
 * bad dependency; DSC rejects the whole configuration): a duplicate id breaks every definition with that id, an
 * unknown adapter makes a capability {@code unsupported}, a missing or cyclic dependency breaks the capabilities
 * that need it, and the breakage propagates to their dependents only. Immutable.
 */
public final class CapabilityRegistry {

  private final Map<String, Capability> byId;
  private final List<String> order;
  private final Map<String, Integer> ranks = new HashMap<>();
  private final List<DefinitionProblem> problems;

  private CapabilityRegistry(Map<String, Capability> byId, List<String> order, List<DefinitionProblem> problems) {
    this.byId = byId;
    this.order = order;
    this.problems = problems;
    for (int i = 0; i < order.size(); i++) {
      ranks.put(order.get(i), i);
    }
  }

  /**
   * Resolves loaded definitions against the adapters installed here.
   *
   * @param adapterIds ids of the adapters this device has
   */
  public static CapabilityRegistry of(Collection<CapabilityDefinition> definitions, Set<String> adapterIds) {
    List<DefinitionProblem> problems = new ArrayList<>();
    Map<String, List<CapabilityDefinition>> grouped = new TreeMap<>();
    definitions.stream().sorted(Comparator.comparing(CapabilityDefinition::source))
        .forEach(d -> grouped.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(d));

    Map<String, Capability> caps = new TreeMap<>();
    grouped.forEach((id, defs) -> {
      CapabilityDefinition first = defs.get(0);
      if (defs.size() > 1) {
        String files = defs.stream().map(CapabilityDefinition::source).collect(Collectors.joining(", "));
        String msg = "capability '" + id + "' is defined more than once (" + files + "); none of them is used";
        defs.forEach(d -> problems.add(problem(d, "id", msg)));
        caps.put(id, new Capability(first, Capability.Availability.BROKEN,
            List.of(ReportedError.of(ErrorCode.DEFINITION_INVALID, id, msg, Map.of("files", files)))));
      } else if (!adapterIds.contains(first.adapter())) {
        String msg = "adapter '" + first.adapter() + "' is not installed on this device";
        problems.add(problem(first, "adapter", msg));
        caps.put(id, new Capability(first, Capability.Availability.UNSUPPORTED,
            List.of(ReportedError.of(ErrorCode.UNSUPPORTED_CAPABILITY, id, msg,
                Map.of("adapter", first.adapter(), "file", first.source())))));
      } else {
        caps.put(id, new Capability(first, Capability.Availability.READY, List.of()));
      }
    });

    resolveDependencies(caps, problems);
    List<String> order = topologicalOrder(caps);
    return new CapabilityRegistry(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(caps)), List.copyOf(order),
        List.copyOf(problems));
  }

  private static void resolveDependencies(Map<String, Capability> caps, List<DefinitionProblem> problems) {
    // Missing dependencies.
    for (Capability c : List.copyOf(caps.values())) {
      for (String dep : c.definition().dependencies()) {
        if (!caps.containsKey(dep)) {
          String msg = "depends on capability '" + dep + "', which is not loaded on this device";
          problems.add(problem(c.definition(), "dependencies", msg));
          caps.put(c.id(), broken(caps.get(c.id()), ReportedError.of(ErrorCode.DEPENDENCY_MISSING, c.id(), msg,
              Map.of("dependency", dep, "file", c.definition().source()))));
        }
      }
    }
    // Cycles: every capability on a cycle is broken, with the cycle named.
    for (List<String> cycle : cycles(caps)) {
      String path = String.join(" -> ", cycle) + " -> " + cycle.get(0);
      for (String id : cycle) {
        Capability c = caps.get(id);
        String msg = "dependency cycle: " + path;
        problems.add(problem(c.definition(), "dependencies", msg));
        caps.put(id, broken(c, ReportedError.of(ErrorCode.DEPENDENCY_CYCLE, id, msg, Map.of("cycle", path))));
      }
    }
    // Dependents of unavailable capabilities, transitively.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Capability c : List.copyOf(caps.values())) {
        if (!c.isReady()) {
          continue;
        }
        for (String dep : c.definition().dependencies()) {
          Capability d = caps.get(dep);
          if (d != null && !d.isReady()) {
            String msg = "depends on capability '" + dep + "', which is " + d.availability().name().toLowerCase()
                + (d.errors().isEmpty() ? "" : ": " + d.errors().get(0).message());
            caps.put(c.id(), broken(c, ReportedError.of(ErrorCode.DEPENDENCY_FAILED, c.id(), msg,
                Map.of("dependency", dep))));
            changed = true;
            break;
          }
        }
      }
    }
  }

  private static Capability broken(Capability c, ReportedError error) {
    List<ReportedError> errors = new ArrayList<>(c.errors());
    errors.add(error);
    return new Capability(c.definition(), Capability.Availability.BROKEN, errors);
  }

  /** Strongly connected components with more than one member (self-dependencies are rejected by the loader). */
  private static List<List<String>> cycles(Map<String, Capability> caps) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    List<List<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String id : caps.keySet()) {
      if (!index.containsKey(id)) {
        strongConnect(id, caps, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void strongConnect(String v, Map<String, Capability> caps, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : caps.get(v).definition().dependencies()) {
      if (!caps.containsKey(w)) {
        continue;
      }
      if (!index.containsKey(w)) {
        strongConnect(w, caps, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        component.sort(Comparator.naturalOrder());
        out.add(component);
      }
    }
  }

  /** Kahn's algorithm over ready capabilities, ties broken by id, so the order is stable. */
  private static List<String> topologicalOrder(Map<String, Capability> caps) {
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> dependents = new HashMap<>();
    for (Capability c : caps.values()) {
      int n = 0;
      for (String dep : c.definition().dependencies()) {
        if (caps.containsKey(dep)) {
          n++;
          dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(c.id());
        }
      }
      pending.put(c.id(), n);
    }
    TreeSet<String> ready = new TreeSet<>();
    pending.forEach((id, n) -> {
      if (n == 0) {
        ready.add(id);
      }
    });
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.pollFirst();
      order.add(id);
      for (String d : dependents.getOrDefault(id, List.of())) {
        if (pending.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    // Capabilities on cycles never become ready; they go last, sorted, so every capability has a position.
    caps.keySet().stream().filter(id -> !order.contains(id)).sorted().forEach(order::add);
    return order;
  }

  private static DefinitionProblem problem(CapabilityDefinition d, String field, String message) {
    return new DefinitionProblem(d.source(), 0, 0, field, d.id(), message);
  }

  public Optional<Capability> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every capability, in dependency order (a capability after those it depends on; ties by id). */
  public List<Capability> all() {
    return order.stream().map(byId::get).collect(Collectors.toList());
  }

  /** Position of a capability in dependency order, for sorting groups. */
  public int rank(String id) {
    return ranks.getOrDefault(id, Integer.MAX_VALUE);
  }

  /** Problems found while resolving adapters and dependencies. */
  public List<DefinitionProblem> problems() {
    return problems;
  }

  public Set<String> ids() {
    return byId.keySet();
  }
}
