package dev.converge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.engine.model.NodeValue;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three measurements on one generated twin of 1,000 properties in 50 groups: a no-op reconcile of every
 * group, the Jackson parse of the same desired document (the baseline the reconcile is held to, at most 2×), and a
 * one-property change end to end. Sample time, so medians are available; {@link BenchmarkMain} sets the iteration
 * counts for a whole run.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
public class ReconcileBenchmark {

  static final int GROUPS = 50;

  /** The desired section's text as a full twin GET delivers it, and a shared mapper, as the agent has one. */
  @State(Scope.Benchmark)
  public static class TwinText {
    final ObjectMapper mapper = new ObjectMapper();
    String json;

    @Setup(Level.Trial)
    public void generate() throws IOException {
      json = GeneratedTwin.standard().desiredJson();
      if (mapper.readTree(json).size() != GROUPS + 1) {
        throw new IllegalStateException("expected " + GROUPS + " groups and $version in the desired text");
      }
    }
  }

  /** A converged device: every reconcile finds actual (cached) equal to desired. */
  @State(Scope.Benchmark)
  public static class Idle {
    ConvergedDevice device;

    @Setup(Level.Trial)
    public void converge() {
      device = GeneratedTwin.standard().converge();
      // Each call must reconcile all 50 groups and change nothing; otherwise it is not the no-op the issue means.
      device.requireTraffic("a no-op reconcile", () -> {
        device.engine().recheckAll();
        int runs = device.engine().runUntilIdle();
        if (runs != GROUPS) {
          throw new IllegalStateException("a no-op reconcile should run " + GROUPS + " groups but ran " + runs);
        }
      }, new ConvergedDevice.Traffic(0, 0));
    }
  }

  /**
   * A converged device whose one property flips between two values, so every call is a real change. A fresh device
   * per iteration, so the journal, the fake's call log and the twin's patch list do not grow across the run.
   */
  @State(Scope.Benchmark)
  public static class Changing {
    static final String GROUP = GeneratedTwin.group(25);
    static final String PROPERTY = GeneratedTwin.property(1);
    static final NodeValue.Obj[] PATCHES = {
        NodeValue.object(GROUP, NodeValue.object(PROPERTY, NodeValue.of("changed-a"))),
        NodeValue.object(GROUP, NodeValue.object(PROPERTY, NodeValue.of("changed-b")))};

    final GeneratedTwin twin = GeneratedTwin.standard();
    ConvergedDevice device;
    int calls;

    @Setup(Level.Iteration)
    public void converge() {
      device = twin.converge();
      calls = 0;
      // One validation, one write, one reported patch: checked on the first change of each iteration.
      device.requireTraffic("a one-property change", this::change, new ConvergedDevice.Traffic(1, 1));
    }

    int change() {
      device.twin().patchDesired(PATCHES[calls++ & 1]);
      return device.engine().runUntilIdle();
    }
  }

  @Benchmark
  public int noOpReconcile(Idle idle) {
    idle.device.engine().recheckAll();
    return idle.device.engine().runUntilIdle();
  }

  /**
   * A drift scan of every group: the scan interval passes, so every group reads its 20 nodes from the device again
   * and diffs them. This is the full compare path a no-op reconcile skips while nothing it read has changed.
   */
  @State(Scope.Benchmark)
  public static class Scanned {
    ConvergedDevice device;

    @Setup(Level.Trial)
    public void converge() {
      device = GeneratedTwin.standard().converge();
      device.requireTraffic("a drift scan of a converged device", () -> {
        if (scan(device) != GROUPS) {
          throw new IllegalStateException("a drift scan should run all " + GROUPS + " groups");
        }
      }, new ConvergedDevice.Traffic(0, 0));
    }
  }

  static int scan(ConvergedDevice device) {
    device.clock().advance(java.time.Duration.ofMinutes(5));
    device.engine().tick();
    return device.engine().runUntilIdle();
  }

  @Benchmark
  public int driftScan(Scanned scanned) {
    return scan(scanned.device);
  }

  @Benchmark
  public JsonNode jacksonParse(TwinText text) throws IOException {
    return text.mapper.readTree(text.json);
  }

  @Benchmark
  public int onePropertyChange(Changing changing) {
    return changing.change();
  }
}
