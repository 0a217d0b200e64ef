package dev.converge.engine;

import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.journal.ReplayReport;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.plan.Plan;
import dev.converge.engine.port.AuditSink;
import dev.converge.engine.port.Clock;
import dev.converge.engine.port.Journal;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.TwinChannel;
import dev.converge.engine.queue.Backoff;
import dev.converge.engine.report.Summary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Converge's reconciliation engine: keeps a device's actual state equal to the desired state of its twin and
 * reports, per group, where they differ.
 *
 * <p>Lifecycle: {@link #start()} replays the journal, reads the twin and queues every group; then the caller
 * drives the engine with {@link #runUntilIdle()} whenever work may be ready (after a desired update, or at
 * {@link #nextWakeUp()}), and calls {@link #tick()} on time so drift scans and retries fire. Desired updates
 * arrive through the {@link TwinChannel} listener, or {@link #receive}. The engine never sleeps and never starts
 * threads; the caller owns threading, so tests drive it with a fake clock.
 */
public interface Engine extends AutoCloseable {

  static Builder builder() {
    return new Builder();
  }

  /** Replays the journal, fetches the twin (reported, then desired) and queues every desired group. */
  void start();

  /** Merges a desired update and queues the groups it changed; a {@code $version} gap triggers a full GET. */
  void receive(TwinChannel.DesiredUpdate update);

  /**
   * Answers a direct method: 200 with a JSON result, 400 with an error object, 404 for a method no capability
   * declares (DESIGN.md "Twin conventions"); never throws. May be called from any thread, also while the engine
   * reconciles (the agent answers on the SDK's thread, which must never wait for the engine's); call
   * {@link #runUntilIdle()} afterwards on the driving thread: a command queues its capability's group (its adapter
   * may have changed nodes the engine has cached), and {@code clearReportedCmd} has the next report rebuild the
   * reported document. Adapters are not called concurrently for one node as long as command nodes are not also
   * desired-state nodes, which definitions keep apart.
   */
  TwinChannel.CommandResponse invoke(TwinChannel.CommandRequest request);

  /** Reconciles every ready group, then sends one reported patch with what changed. Returns the runs made. */
  int runUntilIdle();

  /** Queues the groups whose drift scan is due. */
  void tick();

  /**
   * Queues every desired group, as after a reconnect: each is reconciled against (cached) actual state, and only
   * what differs is written.
   */
  void recheckAll();

  /**
   * Has the next {@link #runUntilIdle()} fetch the full desired document (after a reconnect: changes made while the
   * device was away), trying again on every later run until a fetch succeeds.
   */
  void refetchDesired();

  /** When the next delayed retry or drift scan is due. */
  Optional<Instant> nextWakeUp();

  /** What applying the current desired document would do, without writing anything (a what-if run). */
  Plan plan();

  /** The full desired document the engine works from, and its {@code $version}. */
  TwinChannel.DesiredUpdate desired();

  /** The reported document as the twin holds it, as far as the engine knows. */
  NodeValue.Obj reported();

  Summary summary();

  /** Problems with capability definitions (load and resolution), for {@code converge validate} and logs. */
  List<DefinitionProblem> problems();

  /** What replaying the journal at start found (unfinished intents, a corrupt tail). */
  ReplayReport replay();

  /** Closes the adapters. */
  @Override
  void close();

  /** Wires an engine. Every port must be given; there are no hidden defaults for I/O or time. */
  final class Builder {
    CapabilityRegistry registry;
    List<DefinitionProblem> loadProblems = List.of();
    final Map<String, NodeAdapter> adapters = new LinkedHashMap<>();
    TwinChannel channel;
    Journal journal;
    Clock clock;
    Backoff backoff;
    long cacheSize = 100_000;
    AuditSink audit = AuditSink.none();

    private Builder() {}

    /** The capabilities, already resolved against the adapters, and the problems of files that did not load. */
    public Builder capabilities(CapabilityRegistry registry, List<DefinitionProblem> loadProblems) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.loadProblems = List.copyOf(loadProblems);
      return this;
    }

    /** An open adapter, by the id capability definitions use. */
    public Builder adapter(String id, NodeAdapter adapter) {
      if (adapters.putIfAbsent(id, Objects.requireNonNull(adapter, "adapter")) != null) {
        throw new IllegalStateException("adapter '" + id + "' given twice");
      }
      return this;
    }

    public Builder channel(TwinChannel channel) {
      this.channel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    public Builder journal(Journal journal) {
      this.journal = Objects.requireNonNull(journal, "journal");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Retry timing; the default is 1 s doubling to 5 min, 10 retries, jitter from the given seed source. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Where applied and failed changes and drift go, besides the journal (the agent sends them device-to-cloud).
     * Optional: by default events are dropped. A sink that throws is logged and never disturbs reconciliation.
     */
    public Builder audit(AuditSink sink) {
      this.audit = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** Upper bound on cached node reads. */
    public Builder cacheSize(long nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("cache size must be positive: " + nodes);
      }
      this.cacheSize = nodes;
      return this;
    }

    public Engine build() {
      requireState(registry != null, "capabilities(...) is required");
      requireState(channel != null, "channel(...) is required");
      requireState(journal != null, "journal(...) is required");
      requireState(clock != null, "clock(...) is required");
      for (var c : registry.all()) {
        if (c.isReady()) {
          requireState(adapters.containsKey(c.definition().adapter()),
              "capability " + c.id() + " is ready but adapter '" + c.definition().adapter() + "' was not given");
        }
      }
      if (backoff == null) {
        backoff = Backoff.defaults(new Random());
      }
      return new ConvergeEngine(this);
    }

    private static void requireState(boolean ok, String message) {
      if (!ok) {
        throw new IllegalStateException(message);
      }
    }
  }
}
