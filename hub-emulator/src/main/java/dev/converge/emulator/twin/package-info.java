/**
 * The emulator's device twin: tags, desired and reported properties with their versions and etag, and the rules IoT
 * Hub enforces on every update (key syntax, value types and ranges, depth, and the per-section size limits).
 *
 * <p>This package is the emulator's independent judge of what a real hub would accept, so it deliberately shares no
 * code with the engine's own twin handling. Jackson is used internally; callers only ever receive immutable {@link
 * dev.converge.emulator.twin.TwinDocument}s or fresh copies, never a tree the twin still holds. Transport concerns
 * (MQTT topics, REST shapes, stripping read-only {@code $} members) belong to the packages that speak the protocols.
 */
@NullMarked
package dev.converge.emulator.twin;

import org.jspecify.annotations.NullMarked;
