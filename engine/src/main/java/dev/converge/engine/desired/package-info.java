/**
 * Desired state: the merged twin document (IoT Hub sends only changed leaves), its {@code $version} bookkeeping,
 * and validation of each group against its capability's JSON Schema.
 *
 * <p>An invalid group is never applied and never stops the others. Adapters and actual state do not belong here.
 */
@NullMarked
package dev.converge.engine.desired;

import org.jspecify.annotations.NullMarked;
