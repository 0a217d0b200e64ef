/**
 * Running operating-system commands for adapters: {@link dev.converge.adapters.exec.ProcessCommandRunner}, the
 * production implementation of the engine's {@link dev.converge.engine.port.CommandRunner} port.
 *
 * <p>Adapters never start processes themselves; they receive a runner through the adapter context, so tests hand
 * them a recording runner instead. Which commands an area runs, and what their output means, belongs to that
 * area's adapter package, not here.
 */
@NullMarked
package dev.converge.adapters.exec;

import org.jspecify.annotations.NullMarked;
