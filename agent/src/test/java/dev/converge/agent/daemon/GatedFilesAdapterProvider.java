package dev.converge.agent.daemon;

import dev.converge.adapters.files.FilesAdapterProvider;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.AdapterInfo;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeAdapterProvider;
import dev.converge.engine.port.NodeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A test adapter, {@code gated-files}: the real files adapter, whose writes wait at a {@link Gate} a test closes and
 * opens, so the test can act (restart the hub) while the agent is in the middle of applying a plan. The gate of an
 * agent is found by its root folder; a gate is open unless a test closed it.
 */
public final class GatedFilesAdapterProvider implements NodeAdapterProvider {

  private static final Map<Path, Gate> GATES = new ConcurrentHashMap<>();

  public GatedFilesAdapterProvider() {
    // ServiceLoader needs a public no-argument constructor.
  }

  /** The gate the writes of the agent whose adapters work under {@code root} pass. */
  static Gate gate(Path root) {
    return GATES.computeIfAbsent(root.toAbsolutePath().normalize(), r -> new Gate());
  }

  @Override
  public String id() {
    return "gated-files";
  }

  @Override
  public NodeAdapter open(AdapterContext context) {
    NodeAdapter files = new FilesAdapterProvider().open(context);
    Gate gate = gate(Path.of(context.root()));
    return new NodeAdapter() {
      @Override
      public AdapterInfo describe() {
        AdapterInfo info = files.describe();
        return new AdapterInfo(id(), info.description(), info.version(), info.predictsOutcome());
      }

      @Override
      public NodeResult get(NodePath path) {
        return files.get(path);
      }

      @Override
      public Map<NodePath, NodeResult> getAll(Collection<NodePath> paths) {
        return files.getAll(paths);
      }

      @Override
      public NodeResult replace(NodePath path, NodeValue value) {
        return gate.pass(() -> files.replace(path, value));
      }

      @Override
      public NodeResult add(NodePath path, NodeValue value) {
        return gate.pass(() -> files.add(path, value));
      }

      @Override
      public NodeResult delete(NodePath path) {
        return gate.pass(() -> files.delete(path));
      }

      @Override
      public NodeResult exec(NodePath path, NodeValue payload) {
        return files.exec(path, payload);
      }

      @Override
      public void close() {
        files.close();
      }
    };
  }

  /** Where writes wait while a test holds them. */
  static final class Gate {
    private final Semaphore arrivals = new Semaphore(0);
    private volatile CountDownLatch open = new CountDownLatch(0);

    /** Holds every write from now on, until {@link #open()}. */
    void close() {
      arrivals.drainPermits();
      open = new CountDownLatch(1);
    }

    void open() {
      open.countDown();
    }

    /** Waits until a write has reached the gate (and, if it is closed, is held there). */
    boolean awaitWrite(Duration timeout) throws InterruptedException {
      return arrivals.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private NodeResult pass(Supplier<NodeResult> write) {
      arrivals.release();
      try {
        if (!open.await(DeviceUnderTest.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return write.get();
    }
  }
}
