/**
 * The engine's ports: the interfaces through which it touches the device, the cloud, time and storage.
 *
 * <p>The engine owns these interfaces; other modules implement them (adapters in {@code csp-adapters}, the IoT Hub
 * channel, the file journal and the audit sink in {@code agent}). Nothing here performs I/O itself.
 */
@NullMarked
package dev.converge.engine.port;

import org.jspecify.annotations.NullMarked;
