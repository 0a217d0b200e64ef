package dev.converge.agent.runtime;

import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeAdapterProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The adapters installed on this device: every {@link NodeAdapterProvider} on the class path, by id. */
public final class AdapterCatalog {

  private final Map<String, NodeAdapterProvider> providers;

  private AdapterCatalog(Map<String, NodeAdapterProvider> providers) {
    this.providers = providers;
  }

  /**
   * Finds the providers.
   *
   * @throws IllegalStateException when two providers claim one id (a packaging error a person must fix)
   */
  public static AdapterCatalog discover() {
    Map<String, NodeAdapterProvider> found = new TreeMap<>();
    for (NodeAdapterProvider p : ServiceLoader.load(NodeAdapterProvider.class)) {
      NodeAdapterProvider old = found.putIfAbsent(p.id(), p);
      if (old != null) {
        throw new IllegalStateException("adapter id '" + p.id() + "' is provided twice: "
            + old.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    return new AdapterCatalog(found);
  }

  public java.util.Set<String> ids() {
    return providers.keySet();
  }

  /** Opens every adapter in the context. */
  public Map<String, NodeAdapter> openAll(AdapterContext context) {
    Map<String, NodeAdapter> open = new TreeMap<>();
    providers.forEach((id, p) -> open.put(id, p.open(context)));
    return open;
  }
}
