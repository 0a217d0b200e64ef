package dev.converge.agent.daemon;

import dev.converge.engine.Engine;
import dev.converge.engine.port.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that drives the engine. Everything that touches the engine is posted here as a task; after each
 * batch of tasks, and whenever a retry or drift scan falls due, the thread lets the engine tick and reconcile until
 * idle (which sends one reported patch for everything that changed).
 *
 * <p>Batching: tasks that arrive while the engine works are run together before the next reconcile, so a burst of
 * desired patches costs one reported patch. An optional debounce waits that long for more tasks first.
 */
final class EngineThread implements Executor {

  private static final Logger LOG = LoggerFactory.getLogger(EngineThread.class);
  private static final Duration MAX_SLEEP = Duration.ofMinutes(1);

  private static final Runnable STOP = () -> {};
  private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final Clock clock;
  private final Duration debounce;
  private final Runnable afterRun;
  private final java.util.function.BooleanSupplier ready;
  private final Thread thread;
  private final java.util.function.Supplier<Engine> engines;
  private volatile boolean stopping;

  /** @param ready whether the engine has started; until then only tasks run, no passes */
  EngineThread(Clock clock, Duration debounce, Runnable afterRun, java.util.function.BooleanSupplier ready,
      java.util.function.Supplier<Engine> engines) {
    this.ready = ready;
    this.engines = engines;
    this.clock = clock;
    this.debounce = debounce;
    this.afterRun = afterRun;
    this.thread = new Thread(this::loop, "converge-engine");
    this.thread.setDaemon(true);
  }

  /** Starts the thread (once); it drives the current engine whenever {@code ready} says it has started. */
  void start() {
    if (!thread.isAlive()) {
      thread.start();
    }
  }

  /** Runs {@code task} on the engine thread, then reconciles. */
  @Override
  public void execute(Runnable task) {
    if (!stopping) {
      inbox.add(task);
    }
  }


  /** Runs {@code task} on the engine thread and returns its result (for callers that are not the engine thread). */
  <T> CompletableFuture<T> submit(Supplier<T> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (stopping) {
      result.completeExceptionally(new IllegalStateException("the agent is stopping"));
      return result;
    }
    execute(() -> {
      try {
        result.complete(task.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  boolean isEngineThread() {
    return Thread.currentThread() == thread;
  }

  /** Runs the tasks posted so far, then ends the thread. */
  void stop() throws InterruptedException {
    inbox.add(STOP);
    stopping = true;
    if (thread.isAlive()) {
      thread.join(10_000);
    }
  }

  private void loop() {
    while (true) {
      try {
        Runnable task = inbox.poll(sleep().toMillis(), TimeUnit.MILLISECONDS);
        if (task == STOP) {
          return;
        }
        if (task != null) {
          run(task);
          if (!debounce.isZero()) {
            Runnable more = inbox.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
            if (more == STOP) {
              return;
            }
            if (more != null) {
              run(more);
            }
          }
          for (Runnable more; (more = inbox.poll()) != null; ) {
            if (more == STOP) {
              return;
            }
            run(more);
          }
        }
        if (ready.getAsBoolean()) {
          Engine engine = engines.get();
          engine.tick();
          engine.runUntilIdle();
          afterRun.run();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("the engine loop caught an unexpected error; carrying on", e);
      }
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.error("an engine task failed; carrying on", e);
    }
  }

  private Duration sleep() {
    Optional<Instant> wake = ready.getAsBoolean() ? engines.get().nextWakeUp() : Optional.empty();
    if (wake.isEmpty()) {
      return MAX_SLEEP;
    }
    Duration d = Duration.between(clock.now(), wake.get());
    return d.isNegative() ? Duration.ZERO : d.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : d;
  }
}
