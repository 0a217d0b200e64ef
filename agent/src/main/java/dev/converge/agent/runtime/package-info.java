/**
 * What the agent assembles before an engine can run: the system clock, capability definitions from folders and
 * from the bundled set, and adapters found through {@link java.util.ServiceLoader}. No reconciliation logic lives
 * here; that is the engine's.
 */
@NullMarked
package dev.converge.agent.runtime;

import org.jspecify.annotations.NullMarked;
