/**
 * Benchmarks; nothing here is shipped.
 *
 * <ul>
 *   <li>JMH benchmarks of the engine (issue: "reconcile ≤ 2× the parse"): a generated twin of 1,000 desired
 *       properties in 50 groups on test doubles (fake adapter, in-memory twin and journal, fake clock), compared side
 *       by side with a Jackson parse of the same document; {@link dev.converge.benchmarks.BenchmarkMain} runs them.
 *   <li>The agent against the bare device SDK, over a local hub: latency, idle memory and start-up, side by side
 *       ({@link dev.converge.benchmarks.AgentOverhead}, with {@link dev.converge.benchmarks.ProbeProcess} as its child
 *       JVM); where one desired patch spends its time inside the agent
 *       ({@link dev.converge.benchmarks.PassBreakdown}); and the bare SDK echo on its own
 *       ({@link dev.converge.benchmarks.EchoLatency}).
 * </ul>
 *
 * <p>The build runs {@code AgentOverhead --quick} once as a smoke test, asserting nothing about timings.
 */
@NullMarked
package dev.converge.benchmarks;

import org.jspecify.annotations.NullMarked;
