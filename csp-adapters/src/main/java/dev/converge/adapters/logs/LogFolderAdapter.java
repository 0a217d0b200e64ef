package dev.converge.adapters.logs;

import dev.converge.adapters.fs.DeviceFile;
import dev.converge.adapters.fs.Resolution;
import dev.converge.adapters.fs.RootedFiles;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterInfo;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeResult;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code logs} adapter: log folders (the sub-folders of the log folder) and their files, addressed as described
 * in the package documentation. Only {@code exec} does anything:
 *
 * <ul>
 *   <li>{@code EnumerateFolders} answers {@code {"list": [folder names, sorted]}}: every sub-folder whose name is a
 *       log name and that stays inside the root; an empty list when the log folder does not exist yet.
 *   <li>{@code <folder>/EnumerateFiles} answers {@code {"list": [file names, sorted]}}: the regular files of the
 *       folder, likewise; a missing folder is rejected, naming its path.
 *   <li>{@code <folder>/<file>/Delete} deletes a regular file and answers with no value; a missing file, or a
 *       folder where the file should be, is rejected naming its path.
 * </ul>
 *
 * <p>Names that are not log names ({@link LogNode#nameProblem}: {@code ..}, a leading {@code .}, a {@code /}) are
 * rejected with the name as {@code value}; so are paths that lead out of the root through a symbolic link, with
 * {@code path} and {@code root}, and entries that do are left out of lists. A list longer than
 * {@value #MAX_LIST_CHARACTERS} characters of names is cut short and says so ({@code "truncated": true,
 * "total": n}): a direct method's answer must stay under IoT Hub's 128 KB. I/O failures fail with {@code node} and
 * {@code file}. Nothing throws for these. Stateless and thread-safe.
 */
final class LogFolderAdapter implements NodeAdapter {

  static final AdapterInfo INFO = new AdapterInfo(LogFolderAdapterProvider.ID,
      "Diagnostic log folders and files under the agent's log folder, listed and deleted by commands", "1.0.0", true);

  /** Where Converge and the applications it manages keep their logs on the device. */
  static final String DEFAULT_FOLDER = "/var/log/converge";
  static final int MAX_LIST_CHARACTERS = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(LogFolderAdapter.class);

  @FunctionalInterface
  private interface Operation {
    NodeResult apply() throws IOException;
  }

  private final RootedFiles files;
  private final String folder;

  /**
   * @param folder the log folder, a device path such as {@code /var/log/converge}
   * @throws IllegalArgumentException when {@code folder} is not an absolute device path
   */
  LogFolderAdapter(RootedFiles files, String folder) {
    this.files = Objects.requireNonNull(files, "files");
    Objects.requireNonNull(folder, "folder");
    if (!folder.startsWith("/") || folder.length() < 2) {
      throw new IllegalArgumentException("the log folder must be an absolute device path such as "
          + DEFAULT_FOLDER + ", not '" + folder + "'");
    }
    this.folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
  }

  @Override
  public AdapterInfo describe() {
    return INFO;
  }

  @Override
  public NodeResult get(NodePath path) {
    return noState(path);
  }

  @Override
  public NodeResult replace(NodePath path, NodeValue value) {
    return noState(path);
  }

  @Override
  public NodeResult add(NodePath path, NodeValue value) {
    return noState(path);
  }

  @Override
  public NodeResult delete(NodePath path) {
    return noState(path);
  }

  @Override
  public NodeResult exec(NodePath path, NodeValue payload) {
    Optional<LogNode> parsed = LogNode.parse(path);
    if (parsed.isEmpty()) {
      return NodeResult.rejected(path + " is not a logs command node; expected ./Logs/EnumerateFolders,"
          + " ./Logs/<folder>/EnumerateFiles or ./Logs/<folder>/<file>/Delete", Map.of("node", path.value()));
    }
    LogNode node = parsed.get();
    if (!node.hasExpectedNames()) {
      return NodeResult.rejected("log folder and file names are single names without '/', not '"
          + node.joinedNames() + "'", Map.of("node", path.value(), "value", node.joinedNames()));
    }
    for (int i = 0; i < node.names().size(); i++) {
      String name = node.names().get(i);
      Optional<String> problem = LogNode.nameProblem(name);
      if (problem.isPresent()) {
        return NodeResult.rejected("'" + name + "' is refused as a log " + (i == 0 ? "folder" : "file") + " name: "
            + problem.get(), Map.of("node", path.value(), "value", name));
      }
    }
    return switch (node.action()) {
      case ENUMERATE_FOLDERS -> guarded(node, folder, () -> listFolders(node));
      case ENUMERATE_FILES -> guarded(node, folder + "/" + node.names().get(0),
          () -> listFiles(node, node.names().get(0)));
      case DELETE -> guarded(node, folder + "/" + node.names().get(0) + "/" + node.names().get(1),
          () -> deleteFile(node, node.names().get(0) + "/" + node.names().get(1)));
    };
  }

  /** Runs an operation, turning I/O errors into a failed result that names the node and the file. */
  private NodeResult guarded(LogNode node, String devicePath, Operation operation) {
    try {
      return operation.apply();
    } catch (IOException e) {
      String where = e instanceof FileSystemException f && f.getFile() != null ? f.getFile()
          : files.root() + devicePath;
      return NodeResult.failed("cannot " + verb(node) + " " + devicePath + ": " + reason(e),
          Map.of("node", node.node().value(), "file", where));
    }
  }

  private NodeResult listFolders(LogNode node) throws IOException {
    Resolution resolution = files.resolve(folder);
    if (resolution instanceof Resolution.Refused refused) {
      return refused(node.node(), refused);
    }
    DeviceFile base = ((Resolution.Inside) resolution).file();
    DeviceFile.Kind kind = base.kind();
    if (kind == DeviceFile.Kind.MISSING) {
      return NodeResult.ok(list(List.of())); // nothing has logged yet
    }
    if (kind != DeviceFile.Kind.DIRECTORY) {
      return notFolder(node.node(), base);
    }
    return NodeResult.ok(list(entries(base, DeviceFile.Kind.DIRECTORY)));
  }

  private NodeResult listFiles(LogNode node, String folderName) throws IOException {
    Lookup found = existing(node, folderName, "log folder");
    if (found.problem() != null) {
      return found.problem();
    }
    DeviceFile logFolder = found.file();
    if (logFolder.kind() != DeviceFile.Kind.DIRECTORY) {
      return notFolder(node.node(), logFolder);
    }
    return NodeResult.ok(list(entries(logFolder, DeviceFile.Kind.REGULAR)));
  }

  private NodeResult deleteFile(LogNode node, String relative) throws IOException {
    Lookup found = existing(node, relative, "log file");
    if (found.problem() != null) {
      return found.problem();
    }
    DeviceFile file = found.file();
    DeviceFile.Kind kind = file.kind();
    if (kind != DeviceFile.Kind.REGULAR) {
      return NodeResult.rejected(file.devicePath() + " is " + (kind == DeviceFile.Kind.DIRECTORY ? "a folder"
          : "a device, pipe or socket") + ", not a log file; only regular files are deleted",
          parameters(node.node(), relative, file));
    }
    if (!file.delete()) {
      return NodeResult.rejected("there is no log file '" + relative + "': " + file.devicePath()
          + " disappeared before it could be deleted", parameters(node.node(), relative, file));
    }
    LOG.info("deleted log file {}", file.devicePath());
    return NodeResult.ok(NodeValue.absent());
  }

  /** A log folder or file that exists inside the root, or why it cannot be used (exactly one is set). */
  private record Lookup(@Nullable DeviceFile file, @Nullable NodeResult problem) {}

  /** {@code relative} (folder, or folder/file) under the log folder: refused outside the root, rejected if absent. */
  private Lookup existing(LogNode node, String relative, String what) throws IOException {
    Resolution resolution = files.resolve(folder + "/" + relative);
    if (resolution instanceof Resolution.Refused refused) {
      return new Lookup(null, refused(node.node(), refused));
    }
    DeviceFile file = ((Resolution.Inside) resolution).file();
    if (file.kind() == DeviceFile.Kind.MISSING) {
      return new Lookup(null, NodeResult.rejected("there is no " + what + " '" + relative + "': "
          + file.devicePath() + " does not exist", parameters(node.node(), relative, file)));
    }
    return new Lookup(file, null);
  }

  /**
   * The entries of a folder that are log names and, resolved on their own, stay inside the root and are of the
   * given kind (a symbolic link counts as what it leads to).
   */
  private List<String> entries(DeviceFile parent, DeviceFile.Kind wanted) throws IOException {
    List<String> out = new ArrayList<>();
    for (String name : parent.entries()) {
      if (LogNode.nameProblem(name).isPresent()) {
        continue;
      }
      Resolution r = files.resolve(parent.devicePath() + "/" + name);
      if (r instanceof Resolution.Inside inside && inside.file().kind() == wanted) {
        out.add(name);
      }
    }
    return out;
  }

  /** {@code {"list": [...]}}, cut short (and saying so) when the names would not fit a method's answer. */
  private static NodeValue.Obj list(List<String> names) {
    List<NodeValue> items = new ArrayList<>();
    int characters = 0;
    for (String name : names) {
      characters += name.length() + 3; // quotes and comma
      if (characters > MAX_LIST_CHARACTERS) {
        break;
      }
      items.add(NodeValue.of(name));
    }
    Map<String, NodeValue> out = new LinkedHashMap<>();
    out.put("list", new NodeValue.Seq(items));
    if (items.size() < names.size()) {
      out.put("truncated", NodeValue.of(true));
      out.put("total", NodeValue.of(names.size()));
    }
    return NodeValue.object(out);
  }

  private static NodeResult noState(NodePath path) {
    return NodeResult.rejected("the logs adapter has no nodes to read or write at " + path + "; its nodes are"
        + " commands, run with exec", Map.of("node", path.value()));
  }

  private static NodeResult refused(NodePath node, Resolution.Refused refused) {
    return NodeResult.rejected(refused.message(), Map.of("node", node.value(), "path", refused.devicePath(),
        "root", refused.root().toString()));
  }

  private static NodeResult notFolder(NodePath node, DeviceFile file) {
    return NodeResult.rejected(file.devicePath() + " is not a folder, so it holds no logs",
        Map.of("node", node.value(), "path", file.devicePath(), "file", file.location().toString()));
  }

  private static Map<String, String> parameters(NodePath node, String value, DeviceFile file) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("node", node.value());
    out.put("value", value);
    out.put("path", file.devicePath());
    out.put("file", file.location().toString());
    return out;
  }

  private static String verb(LogNode node) {
    return switch (node.action()) {
      case ENUMERATE_FOLDERS, ENUMERATE_FILES -> "list";
      case DELETE -> "delete";
    };
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
