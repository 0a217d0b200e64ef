/**
 * {@code converge conformance}: runs scenario files against a device behind a real IoT Hub
 * ({@link dev.converge.conformance.hub.RemoteHubTarget}) and reports each as passed, failed or skipped.
 *
 * <p>What belongs here: the command line and its report. What does not: scenario formats and the runner
 * ({@code dev.converge.conformance}), talking to the hub ({@code dev.converge.conformance.hub}).
 */
@NullMarked
package dev.converge.conformance.cli;

import org.jspecify.annotations.NullMarked;
