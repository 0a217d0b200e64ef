package dev.converge.emulator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.Twin;
import dev.converge.emulator.twin.TwinError;
import dev.converge.emulator.twin.TwinSnapshot;
import dev.converge.emulator.twin.TwinUpdate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Every identity's twin, and the one place twin updates go through, whichever door they came in by (device MQTT,
 * service REST, ADM, the in-process API), so listeners (desired pushes, ADM, persistence) see all of them.
 */
public final class TwinStore {

  private final Map<IdentityId, Twin> twins = new ConcurrentSkipListMap<>();
  private final List<TwinListener> listeners = new CopyOnWriteArrayList<>();

  public void addListener(TwinListener listener) {
    listeners.add(listener);
  }

  void create(IdentityId id) {
    twins.putIfAbsent(id, new Twin());
  }

  void remove(IdentityId id) {
    twins.remove(id);
  }

  void restore(IdentityId id, TwinSnapshot saved) {
    twins.put(id, new Twin(saved));
  }

  /** The twin's current state, or empty when {@code id} is not registered. */
  public Optional<TwinSnapshot> get(IdentityId id) {
    Twin twin = twins.get(id);
    return twin == null ? Optional.empty() : Optional.of(twin.snapshot());
  }

  /** Snapshots of every twin, sorted by identity. */
  public Map<IdentityId, TwinSnapshot> all() {
    Map<IdentityId, TwinSnapshot> copy = new java.util.TreeMap<>();
    twins.forEach((id, twin) -> copy.put(id, twin.snapshot()));
    return copy;
  }

  public TwinUpdate patchDesired(IdentityId id, JsonNode patch, String ifMatch) {
    return apply(id, twin -> twin.patchDesired(patch, ifMatch));
  }

  public TwinUpdate replaceDesired(IdentityId id, JsonNode document, String ifMatch) {
    return apply(id, twin -> twin.replaceDesired(document, ifMatch));
  }

  public TwinUpdate patchTags(IdentityId id, JsonNode patch, String ifMatch) {
    return apply(id, twin -> twin.patchTags(patch, ifMatch));
  }

  public TwinUpdate replaceTags(IdentityId id, JsonNode document, String ifMatch) {
    return apply(id, twin -> twin.replaceTags(document, ifMatch));
  }

  public TwinUpdate patchReported(IdentityId id, JsonNode patch) {
    return apply(id, twin -> twin.patchReported(patch));
  }

  private TwinUpdate apply(IdentityId id, Function<Twin, TwinUpdate> update) {
    Twin twin = twins.get(id);
    if (twin == null) {
      String what = id.isModule() ? "module" : "device";
      return new TwinUpdate.Rejected(
          new TwinError(404, id.isModule() ? 404010 : 404001, "", what + " " + id + " is not registered"));
    }
    // Listeners run under the twin's lock so that desired pushes leave in $version order.
    synchronized (twin) {
      TwinUpdate result = update.apply(twin);
      if (result instanceof TwinUpdate.Accepted accepted) {
        for (TwinListener listener : listeners) {
          listener.changed(id, accepted);
        }
      }
      return result;
    }
  }
}
