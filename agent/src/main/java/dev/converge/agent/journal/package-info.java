/**
 * Storage for the engine's audit journal ({@link dev.converge.engine.port.Journal}): {@link
 * dev.converge.agent.journal.FileJournal}, an append-only file synced to disk on every record, and a volatile
 * journal for what-if runs that must leave nothing on disk.
 *
 * <p>Only storage lives here. What a record says, the hash chain and replay belong to {@code
 * dev.converge.engine.journal}; nothing in this package parses a record.
 */
@NullMarked
package dev.converge.agent.journal;

import org.jspecify.annotations.NullMarked;
