package dev.converge.emulator.mqtt;

import java.time.Duration;

/** The way back to one connected client. Thread-safe. */
public interface MqttOutbound {

  /** Sends a PUBLISH at QoS 0 or 1 (higher is capped at 1, as IoT Hub does). */
  void publish(String topic, byte[] payload, int qos);

  /** Closes the connection; {@code reason} is logged. */
  void close(String reason);

  /**
   * Closes the connection after {@code delay} unless it ended before, e.g. when the credentials it was opened with
   * expire. Meant to be called while the CONNECT is being handled.
   */
  void closeAfter(Duration delay, String reason);
}
