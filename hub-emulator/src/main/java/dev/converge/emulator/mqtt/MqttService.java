package dev.converge.emulator.mqtt;

/** A service reachable through the MQTT port (IoT Hub devices, DPS registrations). */
public interface MqttService {

  /** Whether a CONNECT with this user name is for this service. */
  boolean serves(String username);

  /** Authenticates and, if accepted, opens the session. {@code out} reaches the client. */
  ConnectResult connect(ConnectRequest request, MqttOutbound out);
}
