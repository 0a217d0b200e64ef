/**
 * What the running agent leaves on disk for the command line to read: {@link dev.converge.agent.state.AgentState}
 * (identity, connection, the desired and the last acknowledged reported document) in
 * {@link dev.converge.agent.state.LocalState}'s data folder ({@code /var/lib/converge} by default:
 * {@code state.json}, next to the journal {@code journal.jsonl}).
 *
 * <p>The daemon writes, atomically; {@code converge status}, {@code drift}, {@code plan} and {@code journal verify}
 * only read. Nothing here talks to the hub or runs the engine.
 */
@NullMarked
package dev.converge.agent.state;

import org.jspecify.annotations.NullMarked;
