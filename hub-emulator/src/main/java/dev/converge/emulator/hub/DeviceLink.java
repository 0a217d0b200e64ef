package dev.converge.emulator.hub;

import dev.converge.emulator.identity.IdentityId;

/** A live connection of one device or module, as the hub needs it; the MQTT front door implements it. */
public interface DeviceLink {

  IdentityId identity();

  /**
   * Sends {@code payload} on {@code topic} if the session holds a subscription matching it, at the lower of 1 and
   * the subscription's QoS. Returns whether it was sent.
   */
  boolean send(String topic, byte[] payload);

  /** Closes the connection, e.g. because the same identity connected again. */
  void close(String reason);
}
