/**
 * The {@code logs} adapter: the diagnostic log folders under the agent's log folder ({@code /var/log/converge} by
 * default, the adapter setting {@code folder} otherwise), listed and pruned through the commands of the
 * {@code diagnosticLogs} capability ({@code capabilities/diagnosticLogs.yaml}), with the original agent's method
 * names and payloads.
 *
 * <p>Node scheme, all run with {@code exec}: {@code ./Logs/EnumerateFolders} lists the log folders,
 * {@code ./Logs/<folder>/EnumerateFiles} the files of one, and {@code ./Logs/<folder>/<file>/Delete} deletes one
 * file. The action is the last segment and the names are the segments between {@code Logs} and it, so a name
 * holding {@code /} shows up as a wrong number of names and is refused. There is nothing to read or write as
 * desired state.
 *
 * <p>Path safety comes from {@code adapters.fs}; this package holds what the nodes mean and which names are logs.
 */
@NullMarked
package dev.converge.adapters.logs;

import org.jspecify.annotations.NullMarked;
