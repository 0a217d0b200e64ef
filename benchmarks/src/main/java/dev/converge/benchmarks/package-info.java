/**
 * JMH benchmarks of the engine (issue: "reconcile ≤ 2× the parse"). A generated twin of 1,000 desired properties in
 * 50 groups runs on test doubles (fake adapter, in-memory twin and journal, fake clock), so what is timed is the
 * engine's own work, compared side by side with a Jackson parse of the same document. Not a test: nothing here is
 * shipped or run by the build; {@link dev.converge.benchmarks.BenchmarkMain} runs it.
 */
@NullMarked
package dev.converge.benchmarks;

import org.jspecify.annotations.NullMarked;
