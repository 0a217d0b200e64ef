/**
 * The conformance suite's runner: scenarios as data (after OSConfig's recipes), read from YAML recipes and from the
 * original agent's DMValidator JSON files, and run step by step against a {@link dev.converge.conformance.Target},
 * the device under test.
 *
 * <p>What belongs here: the scenario model ({@link dev.converge.conformance.Scenario},
 * {@link dev.converge.conformance.Step}, {@link dev.converge.conformance.Action},
 * {@link dev.converge.conformance.Expectation}), the two file formats, the subset matcher with the validator's
 * {@code "<ignore>"} wildcard, the device's file tree ({@link dev.converge.conformance.DeviceRoot}) and the runner.
 * What does not: how a target is wired. The in-process engine target lives with the tests; a target that drives the
 * real agent through a hub is another implementation of the same interface. Nothing here imports the engine, so
 * scenarios stay a contract about the twin, the device's files and the journal, not about engine internals.
 */
@NullMarked
package dev.converge.conformance;

import org.jspecify.annotations.NullMarked;
