/**
 * How the emulator decides who a client is: IoT Hub and DPS shared access signatures ({@link
 * dev.converge.emulator.auth.SasVerifier}), the keys behind them ({@link dev.converge.emulator.auth.AccessKeys},
 * {@link dev.converge.emulator.auth.Keyring}) and the MQTT username that names the identity ({@link
 * dev.converge.emulator.auth.MqttUsername}).
 *
 * <p>Everything here is pure: no I/O, time only through an injected {@code Clock}, and every expected failure is a
 * value ({@link dev.converge.emulator.auth.SasVerdict}, {@link dev.converge.emulator.auth.MqttUsernameParse}) whose
 * message a person can act on. The device registry, CONNACK codes and HTTP status mapping belong to the packages that
 * speak the protocols; certificates and thumbprints live in {@code dev.converge.emulator.tls}. Keys, signatures and
 * tokens never appear in a {@code toString()} or a verdict message.
 */
@NullMarked
package dev.converge.emulator.auth;

import org.jspecify.annotations.NullMarked;
