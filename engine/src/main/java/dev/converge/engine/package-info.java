/**
 * The engine's entry point: {@link dev.converge.engine.Engine} and its builder, which wire the steps (desired
 * document, validation, actual-state cache, diff, plan, apply, report, journal, queue, loop) to the ports the
 * caller supplies. The agent, the CLI and the tests use only this type, the {@code model} and {@code port}
 * packages, and the values the engine returns ({@code Plan}, {@code Summary}).
 */
@NullMarked
package dev.converge.engine;

import org.jspecify.annotations.NullMarked;
