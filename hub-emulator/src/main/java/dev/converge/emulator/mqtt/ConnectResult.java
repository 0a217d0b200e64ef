package dev.converge.emulator.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;

/** A service's answer to a CONNECT. */
public sealed interface ConnectResult {

  /** Connected: the session that handles this connection's packets from now on. */
  record Accepted(MqttSession session, boolean sessionPresent) implements ConnectResult {}

  /** Refused with the CONNACK return code IoT Hub uses; {@code reason} goes to the emulator log only. */
  record Refused(MqttConnectReturnCode code, String reason) implements ConnectResult {}

  static Refused notAuthorized(String reason) {
    return new Refused(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, reason);
  }

  static Refused badCredentials(String reason) {
    return new Refused(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, reason);
  }

  static Refused identifierRejected(String reason) {
    return new Refused(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, reason);
  }
}
