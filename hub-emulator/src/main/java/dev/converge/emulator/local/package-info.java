/**
 * A whole local hub in one process: TLS material, the {@link dev.converge.emulator.hub.Hub} state, the MQTT and
 * HTTPS front doors, ADM and DPS, with start, stop and restart. {@link dev.converge.emulator.local.LocalHub} is the
 * in-process API tests, the demo and {@code converge hub} use.
 */
@NullMarked
package dev.converge.emulator.local;

import org.jspecify.annotations.NullMarked;
