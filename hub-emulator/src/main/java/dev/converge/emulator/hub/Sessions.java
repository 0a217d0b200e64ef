package dev.converge.emulator.hub;

import dev.converge.emulator.identity.IdentityId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * MQTT sessions by identity: the subscriptions a persistent session keeps (CleanSession=0) across reconnects and
 * emulator restarts, and the one live connection each identity may have.
 *
 * <p>IoT Hub keeps a CleanSession=0 session's subscriptions, and the Java device SDK relies on that: it never
 * subscribes again after reconnecting (reference local-hub-and-sdk.md, pitfall 1). A second connection of the same
 * identity replaces the first, which is closed.
 */
public final class Sessions {

  /** Connection state as the registry reports it. */
  public record Presence(boolean connected, Instant since) {}

  private final Map<IdentityId, Map<String, Integer>> subscriptions = new ConcurrentHashMap<>();
  private final Map<IdentityId, DeviceLink> links = new ConcurrentHashMap<>();
  private final Map<IdentityId, Presence> presence = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Runnable onDurableChange;

  public Sessions(Clock clock, Runnable onDurableChange) {
    this.clock = clock;
    this.onDurableChange = onDurableChange;
  }

  /**
   * Makes {@code link} the identity's live connection, closing any previous one. Returns whether a stored session
   * was present (MQTT {@code sessionPresent}); a clean session discards what was stored.
   */
  public boolean attach(DeviceLink link, boolean cleanSession) {
    IdentityId id = link.identity();
    DeviceLink previous = links.put(id, link);
    if (previous != null && previous != link) {
      previous.close("the same identity connected again");
    }
    presence.put(id, new Presence(true, clock.instant()));
    if (cleanSession) {
      if (subscriptions.remove(id) != null) {
        onDurableChange.run();
      }
      return false;
    }
    boolean present = subscriptions.containsKey(id);
    if (!present) {
      subscriptions.put(id, new ConcurrentHashMap<>());
      onDurableChange.run();
    }
    return present;
  }

  /** Called when {@code link}'s connection ends; a newer connection of the same identity is left alone. */
  public void detach(DeviceLink link, boolean cleanSession) {
    IdentityId id = link.identity();
    if (links.remove(id, link)) {
      presence.put(id, new Presence(false, clock.instant()));
      if (cleanSession && subscriptions.remove(id) != null) {
        onDurableChange.run();
      }
    }
  }

  public void subscribe(IdentityId id, String filter, int qos) {
    subscriptions.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(filter, qos);
    onDurableChange.run();
  }

  public void unsubscribe(IdentityId id, String filter) {
    Map<String, Integer> filters = subscriptions.get(id);
    if (filters != null && filters.remove(filter) != null) {
      onDurableChange.run();
    }
  }

  /** The QoS of the subscription of {@code id} that matches {@code topic}, or empty. */
  public Optional<Integer> subscribedQos(IdentityId id, String topic) {
    Map<String, Integer> filters = subscriptions.get(id);
    if (filters == null) {
      return Optional.empty();
    }
    Integer best = null;
    for (Map.Entry<String, Integer> e : filters.entrySet()) {
      if (TopicFilter.matches(e.getKey(), topic) && (best == null || e.getValue() > best)) {
        best = e.getValue();
      }
    }
    return Optional.ofNullable(best);
  }

  public @Nullable DeviceLink link(IdentityId id) {
    return links.get(id);
  }

  public Presence presence(IdentityId id) {
    return presence.getOrDefault(id, new Presence(false, Instant.EPOCH));
  }

  /** Closes and forgets everything about {@code id} (its identity was deleted). */
  public void forget(IdentityId id) {
    DeviceLink link = links.remove(id);
    if (link != null) {
      link.close("identity deleted");
    }
    presence.remove(id);
    if (subscriptions.remove(id) != null) {
      onDurableChange.run();
    }
  }

  /** Closes every live connection (hub stopping); stored subscriptions stay. */
  public void closeAll(String reason) {
    for (DeviceLink link : links.values()) {
      link.close(reason);
    }
    links.clear();
    presence.replaceAll((id, p) -> new Presence(false, clock.instant()));
  }

  /** The persistent subscriptions, for durable state. */
  public Map<IdentityId, Map<String, Integer>> stored() {
    Map<IdentityId, Map<String, Integer>> copy = new TreeMap<>();
    subscriptions.forEach((id, filters) -> copy.put(id, new TreeMap<>(filters)));
    return copy;
  }

  public void restore(Map<IdentityId, Map<String, Integer>> saved) {
    subscriptions.clear();
    saved.forEach((id, filters) -> subscriptions.put(id, new ConcurrentHashMap<>(filters)));
  }
}
