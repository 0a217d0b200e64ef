/**
 * The {@code files} adapter: the content and permission bits of text files under the agent's root folder, as
 * configuration nodes for the {@code files} capability ({@code capabilities/files.yaml}).
 *
 * <p>Node scheme: {@code ./Files/<device path>} is the file itself, an object {@code {content, mode}};
 * {@code ./Files/<device path>/Content} is its text and {@code ./Files/<device path>/Mode} its mode as four octal
 * digits. The last segment decides: {@code Content} and {@code Mode} always address an attribute of the path
 * before them, so a file literally named {@code Content} or {@code Mode} (in any folder but the root) cannot be
 * managed here; the one exception is {@code ./Files/Content} (and {@code ./Files/Mode}), which has no path before
 * it and so addresses the file {@code /Content}. The capability definition's node templates fix this scheme.
 *
 * <p>Path safety and atomic writes come from {@code adapters.fs}; this package holds only what the nodes mean.
 */
@NullMarked
package dev.converge.adapters.files;

import org.jspecify.annotations.NullMarked;
