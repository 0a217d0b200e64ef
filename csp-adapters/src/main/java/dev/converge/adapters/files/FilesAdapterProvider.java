package dev.converge.adapters.files;

import dev.converge.adapters.fs.RootedFiles;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeAdapterProvider;
import java.nio.file.Path;

/**
 * Registers the {@code files} adapter with {@link java.util.ServiceLoader}; a shim, the logic is in
 * {@link FilesAdapter}.
 */
public final class FilesAdapterProvider implements NodeAdapterProvider {

  static final String ID = "files";

  public FilesAdapterProvider() {
    // ServiceLoader needs a public no-argument constructor.
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Opens the adapter on the context's root folder.
   *
   * @throws IllegalArgumentException when the root is not an absolute path
   */
  @Override
  public NodeAdapter open(AdapterContext context) {
    return new FilesAdapter(RootedFiles.of(Path.of(context.root())));
  }
}
