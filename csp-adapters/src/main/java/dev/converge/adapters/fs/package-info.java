/**
 * The device's file system as adapters see it: device paths such as {@code /etc/motd} resolved under the agent's
 * root folder, with paths that would leave that folder refused as values, and writes that are atomic and durable.
 *
 * <p>Every adapter that reads or writes files goes through {@link dev.converge.adapters.fs.RootedFiles}, so tests
 * run against a real temporary tree and no adapter ever touches {@code /} directly. Knowledge of what a file means
 * (a time zone, a certificate) belongs to the adapter packages, not here.
 */
@NullMarked
package dev.converge.adapters.fs;

import org.jspecify.annotations.NullMarked;
