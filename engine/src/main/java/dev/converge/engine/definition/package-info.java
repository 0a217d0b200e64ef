/**
 * Capability definitions: the YAML an OEM writes, loaded into records and checked (file, line and field for every
 * problem), and the registry that resolves adapters and dependencies.
 *
 * <p>A bad definition is an error about that capability only; every other capability still loads.
 */
@NullMarked
package dev.converge.engine.definition;

import org.jspecify.annotations.NullMarked;
