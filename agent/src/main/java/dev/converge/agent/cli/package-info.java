/**
 * The {@code converge} command line (picocli): one class per subcommand, options shared through mixins, output as
 * readable tables or, with {@code --json}, as JSON for machines. Exit codes are listed in {@link
 * dev.converge.agent.cli.ExitCode}.
 */
@NullMarked
package dev.converge.agent.cli;

import org.jspecify.annotations.NullMarked;
