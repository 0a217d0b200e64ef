package dev.converge.benchmarks;

import dev.converge.engine.Engine;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.FakeNodeAdapter;
import dev.converge.engine.port.InMemoryTwinChannel;
import java.util.Map;

/**
 * A started engine with its fake device and in-memory twin, and the checks that keep the benchmarks honest: a
 * benchmark that silently wrote nothing, or rewrote everything, would time the wrong work.
 */
record ConvergedDevice(Engine engine, FakeNodeAdapter adapter, InMemoryTwinChannel twin, FakeClock clock) {

  /** What the device and the twin saw: writes (add, replace, delete, exec) and reported patches sent. */
  record Traffic(int writes, int reportedPatches) {
    Traffic minus(Traffic before) {
      return new Traffic(writes - before.writes, reportedPatches - before.reportedPatches);
    }
  }

  Traffic traffic() {
    return new Traffic(adapter.writes().size(), twin.reportedPatches().size());
  }

  /** Fails unless every node holds its desired value and the engine reports every group as converged. */
  void requireConverged(Map<String, NodeValue> desiredByNode) {
    desiredByNode.forEach((node, desired) -> {
      NodeValue actual = adapter.value(node);
      if (!actual.equals(desired)) {
        throw new IllegalStateException("setup did not converge: " + node + " holds " + actual.display()
            + ", desired " + desired.display());
      }
    });
    if (!engine.summary().isConverged()) {
      throw new IllegalStateException("setup did not converge: " + engine.summary());
    }
  }

  /** Runs {@code action} once and fails unless it caused exactly {@code expected}. */
  void requireTraffic(String what, Runnable action, Traffic expected) {
    Traffic before = traffic();
    action.run();
    Traffic caused = traffic().minus(before);
    if (!caused.equals(expected)) {
      throw new IllegalStateException(what + " should cause " + expected + " but caused " + caused);
    }
  }
}
