/**
 * TLS for the emulator, so that unmodified Azure SDKs connect to it over real TLS with hostname verification on.
 *
 * <p>The hub's own certificate authority ({@link dev.converge.emulator.tls.HubCertificateAuthority}) issues the
 * server certificate and publishes {@code hub-ca.pem}, the one file clients trust. {@link
 * dev.converge.emulator.tls.ServerTls} turns it into server contexts (netty for MQTT, JDK for {@code HttpsServer})
 * that ask for a client certificate without requiring one and accept any chain, because the hub judges device
 * certificates itself by thumbprint ({@link dev.converge.emulator.tls.Thumbprint}), as IoT Hub does for self-signed
 * devices. The client side ({@link dev.converge.emulator.tls.ClientTls}, {@link
 * dev.converge.emulator.tls.NoDelaySslContext}, {@link dev.converge.emulator.tls.DeviceCertificates}) serves tests,
 * the demo and the agent.
 *
 * <p>What a device may do once identified belongs to the protocol packages; SAS tokens live in {@code
 * dev.converge.emulator.auth}. Private keys never appear in a {@code toString()} and are written to disk only with
 * owner-only permissions.
 */
@NullMarked
package dev.converge.emulator.tls;

import org.jspecify.annotations.NullMarked;
