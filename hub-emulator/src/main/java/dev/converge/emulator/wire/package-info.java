/**
 * Small pieces of the wire formats every door shares: query strings (MQTT topics and user names, HTTPS URLs) and
 * {@code If-Match} etag preconditions.
 */
@NullMarked
package dev.converge.emulator.wire;

import org.jspecify.annotations.NullMarked;
