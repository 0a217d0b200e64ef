package dev.converge.emulator.adm;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The result of one {@link ConfigurationEvaluator#evaluate} run.
 *
 * @param twins one assignment per twin evaluated, device twins first, each list in input order
 * @param configurations counts per configuration, in input order
 */
public record Evaluation(List<TwinAssignment> twins, List<ConfigurationCounts> configurations) {

  public Evaluation {
    twins = List.copyOf(twins);
    configurations = List.copyOf(configurations);
  }

  /** The assignments the hub must write: a desired patch, a changed {@code configurations} section, or both. */
  public List<TwinAssignment> changes() {
    return twins.stream().filter(TwinAssignment::needsWrite).collect(Collectors.toList());
  }

  /** Whether every twin is already as the configurations want it. */
  public boolean isConverged() {
    return twins.stream().noneMatch(TwinAssignment::needsWrite);
  }

  /** The assignment for {@code key}, if that twin was evaluated. */
  public Optional<TwinAssignment> twin(TwinKey key) {
    return twins.stream().filter(t -> t.twin().equals(key)).findFirst();
  }

  /** The counts for configuration {@code id}, if it was evaluated. */
  public Optional<ConfigurationCounts> counts(String id) {
    return configurations.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
