package dev.converge.adapters.logs;

import dev.converge.adapters.fs.RootedFiles;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeAdapterProvider;
import java.nio.file.Path;

/**
 * Registers the {@code logs} adapter with {@link java.util.ServiceLoader}; a shim, the logic is in
 * {@link LogFolderAdapter}.
 */
public final class LogFolderAdapterProvider implements NodeAdapterProvider {

  static final String ID = "logs";
  /** The adapter setting naming the log folder, a device path; {@link LogFolderAdapter#DEFAULT_FOLDER} if unset. */
  static final String FOLDER_SETTING = "folder";

  public LogFolderAdapterProvider() {
    // ServiceLoader needs a public no-argument constructor.
  }

  @Override
  public String id() {
    return ID;
  }

  /**
   * Opens the adapter on the context's root folder.
   *
   * @throws IllegalArgumentException when the root is not an absolute path, or the {@code folder} setting is not
   *     an absolute device path
   */
  @Override
  public NodeAdapter open(AdapterContext context) {
    String folder = context.settings().getOrDefault(FOLDER_SETTING, LogFolderAdapter.DEFAULT_FOLDER);
    return new LogFolderAdapter(RootedFiles.of(Path.of(context.root())), folder);
  }
}
