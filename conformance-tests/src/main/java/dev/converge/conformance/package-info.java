/**
 * The conformance suite's runner: scenarios as data (after OSConfig's recipes), read from YAML recipes and from the
 * original agent's DMValidator JSON files, and run step by step against a {@link dev.converge.conformance.Target},
 * the device under test.
 *
 * <p>What belongs here: the scenario model ({@link dev.converge.conformance.Scenario},
 * {@link dev.converge.conformance.Step}, {@link dev.converge.conformance.Action},
 * {@link dev.converge.conformance.Expectation}), the two file formats, the subset matcher with the validator's
 * {@code "<ignore>"} wildcard, the device's file tree ({@link dev.converge.conformance.DeviceRoot}), the runner
 * (which skips a scenario that needs a {@link dev.converge.conformance.Target.Feature} its target lacks), and what
 * every target behind a hub shares: when a device has answered a desired write
 * ({@link dev.converge.conformance.DesiredAnswer}) and the patch that sets a whole desired document
 * ({@link dev.converge.conformance.MergePatch}). What does not: how a target is wired. The in-process targets (the
 * engine alone, the agent behind a local hub) live with the tests; the target behind a real hub is in
 * {@code dev.converge.conformance.hub}. Nothing here imports the engine, so scenarios stay a contract about the
 * twin, the device's files and the journal, not about engine internals.
 */
@NullMarked
package dev.converge.conformance;

import org.jspecify.annotations.NullMarked;
