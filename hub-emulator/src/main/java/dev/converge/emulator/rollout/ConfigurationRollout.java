package dev.converge.emulator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.adm.Configuration;
import dev.converge.emulator.adm.ConfigurationEvaluator;
import dev.converge.emulator.adm.ConfigurationStore;
import dev.converge.emulator.adm.Evaluation;
import dev.converge.emulator.adm.TwinAssignment;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.hub.StateSection;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.TwinDocument;
import dev.converge.emulator.twin.TwinUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs automatic device management in the hub: evaluates the configurations ({@link ConfigurationEvaluator}) and
 * applies the result.
 *
 * <p><b>When.</b> Shortly after any accepted twin update or {@link #changed()} (changes within {@link #DEBOUNCE} share
 * one run), and every ADM interval, since IoT Hub re-evaluates on its own schedule (5 minutes) too. All runs happen on
 * one thread, one at a time.
 *
 * <p><b>What a run writes.</b> Each desired patch goes through the hub's {@code TwinStore}, so devices get the usual
 * desired push and the twin's versions move as for any service update. Then each twin's {@code configurations}
 * section and each configuration's metrics are stored, and the state is saved only if one of them changed.
 *
 * <p><b>Why it stops.</b> The evaluator converges: after its patches are applied, evaluating again asks for nothing.
 * Updates written by the run itself trigger nothing (the run already accounts for them); an update someone else makes
 * triggers one more run, which writes only what that update undid. A patch the twin refuses (e.g. desired properties
 * would exceed 32 KB) is logged once per twin and retried on the next run, without triggering one.
 */
public final class ConfigurationRollout implements AutoCloseable {

  /** How long a change waits for others before the evaluation it triggers. */
  public static final Duration DEBOUNCE = Duration.ofMillis(20);

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationRollout.class);

  private final Hub hub;
  private final Duration interval;
  private final TwinConfigurations twinConfigurations = new TwinConfigurations();
  private final TwinView view;
  private final ScheduledExecutorService worker;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong triggers = new AtomicLong();
  private final Map<IdentityId, String> lastRefusal = new ConcurrentHashMap<>();
  private volatile ConfigurationStore store;
  private volatile @Nullable Thread workerThread;
  private volatile boolean started;

  private ConfigurationRollout(Hub hub, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the ADM interval must be positive, not " + interval);
    }
    this.hub = hub;
    this.interval = interval;
    this.store = new ConfigurationStore(hub.clock());
    this.view = new TwinView(hub, twinConfigurations);
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hub-adm");
      t.setDaemon(true);
      workerThread = t;
      return t;
    });
  }

  /**
   * Joins {@code hub}: adds the durable sections (configurations, twins' configuration statuses) and listens to twin
   * updates. Call before {@link Hub#load()}; evaluation begins with {@link #start()}.
   */
  public static ConfigurationRollout attach(Hub hub, Duration interval) {
    ConfigurationRollout rollout = new ConfigurationRollout(Objects.requireNonNull(hub, "hub"), interval);
    hub.addSection(rollout.new StoreSection());
    hub.addSection(rollout.twinConfigurations);
    hub.twins().addListener((id, update) -> {
      if (Thread.currentThread() != rollout.workerThread) {
        rollout.evaluateSoon();
      }
    });
    // A new identity may match a target condition at once, as IoT Hub applies configurations to new devices.
    hub.addRegistryListener(rollout::changed);
    return rollout;
  }

  /** Starts evaluating: once soon, then after every change and every interval. */
  public void start() {
    started = true;
    worker.scheduleWithFixedDelay(this::evaluateSafely, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    evaluateSoon();
  }

  /**
   * The configurations. Writers must call {@link #changed()} afterwards. The store is replaced when the hub's state
   * is loaded, so do not keep it across {@link Hub#load()}.
   */
  public ConfigurationStore configurations() {
    return store;
  }

  /** Twins as the service API and queries see them, with their {@code configurations} section. */
  public TwinView view() {
    return view;
  }

  /** The {@code configurations} section of a twin: {@code {"<id>": {"status": "targeted" | "applied"}}}. */
  public TwinDocument configurationsOf(IdentityId id) {
    return twinConfigurations.of(id);
  }

  /** Configurations or identities changed: save the state and evaluate soon. */
  public void changed() {
    hub.changed();
    evaluateSoon();
  }

  /** Runs one evaluation on the ADM thread and waits for it; for tests that must not wait for a timer. */
  void evaluateNow() {
    try {
      worker.submit(this::evaluate).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while evaluating configurations", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
    }
  }

  /** How many changes have asked for an evaluation since {@link #start()}; ADM's own writes never do. */
  long triggers() {
    return triggers.get();
  }

  private void evaluateSoon() {
    if (!started) {
      return;
    }
    triggers.incrementAndGet();
    if (scheduled.compareAndSet(false, true)) {
      try {
        worker.schedule(() -> {
          scheduled.set(false);
          evaluateSafely();
        }, DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // Closing: the hub is stopping, and the twin update that called us must not fail for it.
      }
    }
  }

  /** A failed run must not end the schedule: it is logged, and the next change or interval tries again. */
  private void evaluateSafely() {
    try {
      evaluate();
    } catch (RuntimeException e) {
      LOG.error("Evaluating ADM configurations failed", e);
    }
  }

  private void evaluate() {
    ConfigurationStore current = store;
    List<Configuration> before = current.list();
    if (before.isEmpty() && twinConfigurations.isEmpty()) {
      return; // nothing to apply and no status to clear: spares a hub without ADM a view of every twin per change
    }
    Evaluation evaluation = ConfigurationEvaluator.evaluate(view.devices(), view.modules(), before);
    boolean durable = false;
    int patched = 0;
    for (TwinAssignment assignment : evaluation.changes()) {
      IdentityId id = new IdentityId(assignment.twin().deviceId(), assignment.twin().moduleId());
      if (assignment.desiredPatch().isPresent() && write(id, assignment.desiredPatch().get())) {
        patched++;
      }
      if (assignment.configurationsChanged()) {
        durable |= twinConfigurations.put(id, assignment.configurations());
      }
    }
    List<IdentityId> evaluated = evaluation.twins().stream()
        .map(t -> new IdentityId(t.twin().deviceId(), t.twin().moduleId()))
        .collect(Collectors.toList());
    durable |= twinConfigurations.retainOnly(evaluated);
    lastRefusal.keySet().retainAll(evaluated);
    current.record(evaluation);
    durable |= !current.list().equals(before);
    if (durable) {
      hub.changed();
    }
    if (patched > 0) {
      LOG.info("ADM wrote the desired properties of {} twin(s)", patched);
    }
  }

  private boolean write(IdentityId id, TwinDocument patch) {
    TwinUpdate update = hub.twins().patchDesired(id, patch.toObjectNode(), "*");
    if (update instanceof TwinUpdate.Rejected rejected) {
      String message = rejected.error().message();
      if (!message.equals(lastRefusal.put(id, message))) {
        LOG.warn("Twin {} refused the desired patch of its configurations: {}", id, message);
      }
      return false;
    }
    lastRefusal.remove(id);
    return true;
  }

  @Override
  public void close() {
    started = false;
    worker.shutdownNow();
    try {
      // A run in progress finishes before the hub it writes to is closed.
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The configurations, saved as the store's own JSON document. */
  private final class StoreSection implements StateSection {
    @Override
    public String name() {
      return "configurations";
    }

    @Override
    public JsonNode save() {
      return store.toJson();
    }

    @Override
    public void load(JsonNode saved) {
      store = ConfigurationStore.fromJson(saved, hub.clock());
    }
  }
}
