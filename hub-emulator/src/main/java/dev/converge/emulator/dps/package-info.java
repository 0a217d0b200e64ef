/**
 * The Device Provisioning Service (DPS) half of the emulator: enrollments, device registration over MQTT (the shared
 * port 8883, chosen by a {@code {idScope}/registrations/...} user name) and HTTPS ({@code /{idScope}/registrations/}),
 * and the assignment that creates the device in the hub.
 *
 * <p>{@link dev.converge.emulator.dps.Dps} is the entry point: the in-process enrollment API, the MQTT service and the
 * HTTPS handler. Enrollments and registration records are durable (a hub {@code StateSection}); operations in flight
 * are not, as a device simply registers again. TPM attestation is not supported here. The hub's own device protocol
 * lives in {@code dev.converge.emulator.mqtt}; SAS and username rules in {@code dev.converge.emulator.auth}.
 */
@NullMarked
package dev.converge.emulator.dps;

import org.jspecify.annotations.NullMarked;
