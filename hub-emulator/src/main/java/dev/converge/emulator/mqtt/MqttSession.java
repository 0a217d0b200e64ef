package dev.converge.emulator.mqtt;

import java.util.List;

/** One accepted connection's protocol logic, above MQTT framing. Called on the connection's I/O thread. */
public interface MqttSession {

  /** A subscription request. Returns the granted QoS per filter: 0, 1, or 0x80 for a refused filter. */
  List<Integer> subscribe(List<Subscription> subscriptions);

  void unsubscribe(List<String> filters);

  /**
   * Whether a client may publish {@code payload} to {@code topic}. A refused PUBLISH (an unknown topic, a message
   * above the service's size limit) drops the connection without a PUBACK, as IoT Hub drops it.
   */
  boolean accepts(String topic, byte[] payload);

  /**
   * A PUBLISH from the client to a topic it {@link #accepts}. Called after the PUBACK went out, so a client always
   * sees its request acknowledged before the answer to it.
   */
  void publish(String topic, byte[] payload);

  /** The connection ended, for whatever reason. */
  void closed();

  /** One topic filter with its requested QoS. */
  record Subscription(String filter, int qos) {}
}
