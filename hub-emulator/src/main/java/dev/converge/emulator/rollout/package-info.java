/**
 * Automatic device management running inside the hub: {@link dev.converge.emulator.rollout.ConfigurationRollout}
 * keeps the configurations, evaluates them with the {@code adm} engine whenever a configuration or a twin changes
 * (debounced) and on the hub's ADM interval, writes the resulting desired patches through the hub's {@code TwinStore}
 * (so connected devices receive them) and records each twin's {@code configurations} section and each
 * configuration's metrics, all durable.
 *
 * <p>{@link dev.converge.emulator.rollout.TwinView} is the twin as IoT Hub's service API and query language show it
 * ({@code SELECT * FROM devices} rows): it lives here because ADM evaluates exactly that shape and owns its {@code
 * configurations} section. The rules themselves (targeting, priority, content, metrics) belong to {@code adm} and
 * {@code query}; HTTP belongs to {@code service}.
 */
@NullMarked
package dev.converge.emulator.rollout;

import org.jspecify.annotations.NullMarked;
