/**
 * Who may talk to the hub: device and module identities, their credentials (symmetric keys or X.509 thumbprints)
 * and the identifier rules IoT Hub enforces. Identities are immutable values; {@link
 * dev.converge.emulator.identity.IdentityRegistry} is the one mutable, thread-safe collection of them.
 */
@NullMarked
package dev.converge.emulator.identity;

import org.jspecify.annotations.NullMarked;
