/**
 * The MQTT 3.1.1 front door on port 8883 (TLS): framing, keep-alive and QoS handling in {@link
 * dev.converge.emulator.mqtt.MqttConnection}, and the IoT Hub device protocol (twin, methods, telemetry topics) in
 * {@link dev.converge.emulator.mqtt.IotHubSession}. DPS shares the port as another {@link
 * dev.converge.emulator.mqtt.MqttService}, chosen by the CONNECT user name as the real endpoints are chosen by host.
 */
@NullMarked
package dev.converge.emulator.mqtt;

import org.jspecify.annotations.NullMarked;
