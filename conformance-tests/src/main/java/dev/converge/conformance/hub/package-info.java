/**
 * A device behind a real IoT Hub as a conformance {@link dev.converge.conformance.Target}: desired state written and
 * reported state read through the official service SDK, direct methods invoked through it, and nothing else. The
 * device's clock, files and journal are out of reach, so scenarios that need them are skipped, with the reason.
 *
 * <p>What belongs here: {@link dev.converge.conformance.hub.RemoteHubTarget} and what it needs to talk to a hub.
 * What does not: the command line ({@code dev.converge.conformance.cli}) and the runner.
 */
@NullMarked
package dev.converge.conformance.hub;

import org.jspecify.annotations.NullMarked;
