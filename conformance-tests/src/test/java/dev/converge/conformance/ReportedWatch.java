package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.hub.TwinListener;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.twin.TwinSection;
import dev.converge.emulator.twin.TwinUpdate;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Waits for a device's reported twin in a {@link LocalHub} without polling: the hub tells this watch about every
 * accepted reported update, and a waiter re-checks its condition only then. One watch per hub (a hub cannot forget
 * a listener), shared by every target on it.
 */
final class ReportedWatch implements TwinListener {

  private final LocalHub hub;
  private final Object changed = new Object();
  private long updates;

  private ReportedWatch(LocalHub hub) {
    this.hub = hub;
  }

  /** A watch registered with {@code hub}'s twin store. */
  static ReportedWatch on(LocalHub hub) {
    ReportedWatch watch = new ReportedWatch(hub);
    hub.hub().twins().addListener(watch);
    return watch;
  }

  LocalHub hub() {
    return hub;
  }

  @Override
  public void changed(IdentityId id, TwinUpdate.Accepted update) {
    if (update.section() == TwinSection.REPORTED) {
      synchronized (changed) {
        updates++;
        changed.notifyAll();
      }
    }
  }

  /** The reported document of {@code id} as the hub holds it now. */
  JsonNode reported(IdentityId id) {
    return hub.hub().twins().get(id)
        .orElseThrow(() -> new IllegalStateException(id + " is not registered in the local hub"))
        .reported().toObjectNode();
  }

  /**
   * Waits until {@code missing} finds nothing left to wait for in {@code id}'s reported twin, checking now and after
   * every reported update of any twin in the hub.
   *
   * @param missing what is still missing in a reported document, empty once the wait is over
   * @return the reported document that ended the wait
   * @throws IllegalStateException with {@code timedOut}'s message (given the last reported document) after
   *     {@code timeout}
   */
  JsonNode await(IdentityId id, Function<JsonNode, Optional<String>> missing, Duration timeout,
      Function<JsonNode, String> timedOut) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen;
      synchronized (changed) {
        seen = updates;
      }
      // Read outside the lock: the hub calls listeners while it holds the twin's lock, which reading takes too.
      JsonNode reported = reported(id);
      if (missing.apply(reported).isEmpty()) {
        return reported;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(timedOut.apply(reported));
      }
      synchronized (changed) {
        long left;
        while (updates == seen && (left = deadline - System.nanoTime()) > 0) {
          try {
            changed.wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + id, e);
          }
        }
      }
    }
  }
}
