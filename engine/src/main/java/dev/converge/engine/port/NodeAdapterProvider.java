package dev.converge.engine.port;

/**
 * Registers an adapter through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.converge.engine.port.NodeAdapterProvider}. It has a public no-argument constructor
 * and no static state; the adapter's logic lives in the object {@link #open} returns.
 */
public interface NodeAdapterProvider {

  /** The id capability definitions use in {@code adapter:}. */
  String id();

  /** Opens an adapter acting under the context's root folder. */
  NodeAdapter open(AdapterContext context);
}
