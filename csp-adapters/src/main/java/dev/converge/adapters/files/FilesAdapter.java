package dev.converge.adapters.files;

import dev.converge.adapters.files.FileNode.Aspect;
import dev.converge.adapters.fs.DeviceFile;
import dev.converge.adapters.fs.Resolution;
import dev.converge.adapters.fs.RootedFiles;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterInfo;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeResult;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code files} adapter: text files under the root folder, addressed as described in the package
 * documentation.
 *
 * <ul>
 *   <li>{@code get} of a file node gives {@code {content, mode}}, of {@code Content} the text, of {@code Mode} four
 *       octal digits; {@link NodeResult.Absent} when the file is missing.
 *   <li>{@code add} and {@code replace} of a file node take {@code {content?, mode?}}: the whole file, so an
 *       omitted field means its default ({@code ""}, {@code 0644}), not "keep". {@code add} leaves an existing file
 *       with other content or mode alone and is rejected; {@code replace} overwrites it.
 *   <li>{@code add} and {@code replace} of {@code Content} write the text, keeping the file's mode (creating the
 *       file with {@code 0644} when missing); of {@code Mode}, change the mode of an existing file.
 *   <li>{@code delete} of a file node removes the file; attribute nodes cannot be deleted on their own.
 * </ul>
 *
 * <p>Writes compare before they write: a value already in place changes nothing, not even the file's modification
 * time, and a new mode for unchanged content is a {@code chmod}, not a rewrite. Content is written atomically.
 *
 * <p>Text means UTF-8: a file that is not valid UTF-8 (a binary file) cannot be read as a node, and {@code get}
 * fails saying so; a write still replaces it, since desired state says what the file should hold. A directory or
 * other non-regular file at a file's path is rejected, never replaced. Paths that leave the root are rejected with
 * {@code node}, {@code path} and {@code root}; I/O failures fail with {@code node}, {@code file} and, for writes,
 * {@code value}. Nothing throws for these. Stateless and thread-safe.
 */
final class FilesAdapter implements NodeAdapter {

  static final AdapterInfo INFO = new AdapterInfo(FilesAdapterProvider.ID,
      "Content and permission bits of text files under the agent's root folder", "1.0.0", true);

  private static final Logger LOG = LoggerFactory.getLogger(FilesAdapter.class);
  /** Keeps error parameters readable and within the twin's string limit. */
  private static final int MAX_VALUE_PARAMETER = 100;

  @FunctionalInterface
  private interface FileOperation {
    NodeResult apply(FileNode node, DeviceFile file) throws IOException;
  }

  private final RootedFiles files;

  FilesAdapter(RootedFiles files) {
    this.files = Objects.requireNonNull(files, "files");
  }

  @Override
  public AdapterInfo describe() {
    return INFO;
  }

  @Override
  public NodeResult get(NodePath path) {
    return onFile(path, NodeValue.absent(), "read", this::read);
  }

  @Override
  public NodeResult replace(NodePath path, NodeValue value) {
    return onFile(path, value, "write", (node, file) -> write(node, file, value, true));
  }

  @Override
  public NodeResult add(NodePath path, NodeValue value) {
    return onFile(path, value, "write", (node, file) -> write(node, file, value, false));
  }

  @Override
  public NodeResult delete(NodePath path) {
    return onFile(path, NodeValue.absent(), "delete", this::remove);
  }

  @Override
  public NodeResult exec(NodePath path, NodeValue payload) {
    return NodeResult.rejected("the files adapter has no commands to run at " + path,
        Map.of("node", path.value()));
  }

  /** Parses the node, resolves its file under the root, and turns refusals and I/O errors into results. */
  private NodeResult onFile(NodePath path, NodeValue value, String verb, FileOperation operation) {
    Optional<FileNode> parsed = FileNode.parse(path);
    if (parsed.isEmpty()) {
      return NodeResult.rejected(path + " is not a files node; expected ./Files/<path>, ./Files/<path>/Content"
          + " or ./Files/<path>/Mode", Map.of("node", path.value()));
    }
    FileNode node = parsed.get();
    Resolution resolution;
    try {
      resolution = files.resolve(node.devicePath());
    } catch (IOException e) {
      String where = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : files.root().toString();
      return NodeResult.failed("cannot " + verb + " " + node.devicePath() + ": " + reason(e),
          parameters(node, where, value));
    }
    if (resolution instanceof Resolution.Refused refused) {
      return NodeResult.rejected(refused.message(), Map.of("node", path.value(), "path", refused.devicePath(),
          "root", refused.root().toString()));
    }
    DeviceFile file = ((Resolution.Inside) resolution).file();
    try {
      return operation.apply(node, file);
    } catch (CharacterCodingException e) {
      return NodeResult.failed("cannot read " + file.devicePath() + ": it is not UTF-8 text, and the files adapter"
          + " manages text files only", parameters(node, file.location().toString(), value));
    } catch (IOException e) {
      return NodeResult.failed("cannot " + verb + " " + file.devicePath() + ": " + reason(e),
          parameters(node, file.location().toString(), value));
    }
  }

  private NodeResult read(FileNode node, DeviceFile file) throws IOException {
    DeviceFile.Kind kind = file.kind();
    if (kind == DeviceFile.Kind.MISSING) {
      return NodeResult.absent();
    }
    if (kind != DeviceFile.Kind.REGULAR) {
      return notRegular(node, file, kind);
    }
    NodeValue value = switch (node.aspect()) {
      case FILE -> fileValue(file.readText(), file.mode());
      case CONTENT -> NodeValue.of(file.readText());
      case MODE -> NodeValue.of(file.mode());
    };
    return NodeResult.ok(value);
  }

  private NodeResult write(FileNode node, DeviceFile file, NodeValue value, boolean overwrite) throws IOException {
    Optional<String> problem = node.problemWith(value);
    if (problem.isPresent()) {
      return NodeResult.rejected(problem.get(), parameters(node, null, value));
    }
    DeviceFile.Kind kind = file.kind();
    if (kind == DeviceFile.Kind.DIRECTORY || kind == DeviceFile.Kind.OTHER) {
      return notRegular(node, file, kind);
    }
    boolean missing = kind == DeviceFile.Kind.MISSING;
    return switch (node.aspect()) {
      case FILE -> writeFile(node, file, missing, (NodeValue.Obj) value, overwrite);
      case CONTENT -> writeContent(file, missing, ((NodeValue.Text) value).value());
      case MODE -> writeMode(node, file, missing, ((NodeValue.Text) value).value());
    };
  }

  private NodeResult writeFile(FileNode node, DeviceFile file, boolean missing, NodeValue.Obj value,
      boolean overwrite) throws IOException {
    String content = value.text("content").orElse(FileNode.DEFAULT_CONTENT);
    String mode = value.text("mode").orElse(FileNode.DEFAULT_MODE);
    if (missing) {
      file.write(content, mode);
      LOG.debug("created {} with mode {}", file, mode);
      return NodeResult.ok(fileValue(content, mode));
    }
    boolean sameContent = hasText(file, content);
    boolean sameMode = file.mode().equals(mode);
    if (sameContent && sameMode) {
      return NodeResult.ok(fileValue(content, mode));
    }
    if (!overwrite) {
      return NodeResult.rejected(file.devicePath() + " already exists with other "
          + (sameContent ? "mode" : "content") + "; replace " + node.node() + " to overwrite it",
          parameters(node, file.location().toString(), value));
    }
    if (sameContent) {
      file.setMode(mode);
    } else {
      file.write(content, mode);
    }
    LOG.debug("replaced {} ({}) with mode {}", file, sameContent ? "mode only" : "content", mode);
    return NodeResult.ok(fileValue(content, mode));
  }

  private NodeResult writeContent(DeviceFile file, boolean missing, String content) throws IOException {
    if (missing) {
      file.write(content, FileNode.DEFAULT_MODE);
      LOG.debug("created {} with mode {}", file, FileNode.DEFAULT_MODE);
    } else if (!hasText(file, content)) {
      file.write(content, file.mode());
      LOG.debug("replaced the content of {}", file);
    }
    return NodeResult.ok(NodeValue.of(content));
  }

  private NodeResult writeMode(FileNode node, DeviceFile file, boolean missing, String mode) throws IOException {
    if (missing) {
      return NodeResult.rejected(file.devicePath() + " does not exist, so it has no mode to set; create "
          + node.fileNode() + " first", parameters(node, file.location().toString(), NodeValue.of(mode)));
    }
    if (!file.mode().equals(mode)) {
      file.setMode(mode);
      LOG.debug("set the mode of {} to {}", file, mode);
    }
    return NodeResult.ok(NodeValue.of(mode));
  }

  private NodeResult remove(FileNode node, DeviceFile file) throws IOException {
    if (node.aspect() != Aspect.FILE) {
      return NodeResult.rejected(node.node() + " cannot be deleted on its own; delete the file node "
          + node.fileNode() + " instead", parameters(node, file.location().toString(), NodeValue.absent()));
    }
    DeviceFile.Kind kind = file.kind();
    if (kind == DeviceFile.Kind.MISSING) {
      return NodeResult.absent();
    }
    if (kind != DeviceFile.Kind.REGULAR) {
      return notRegular(node, file, kind);
    }
    if (!file.delete()) {
      return NodeResult.absent();
    }
    LOG.debug("deleted {}", file);
    return NodeResult.ok(NodeValue.absent());
  }

  /** Whether the file holds exactly {@code text}; content that is not UTF-8 holds no text, so it differs. */
  private static boolean hasText(DeviceFile file, String text) throws IOException {
    try {
      return file.readText().equals(text);
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static NodeResult notRegular(FileNode node, DeviceFile file, DeviceFile.Kind kind) {
    String what = kind == DeviceFile.Kind.DIRECTORY ? "a directory" : "a device, pipe or socket";
    return NodeResult.rejected(file.devicePath() + " is " + what + ", not a regular file; the files adapter"
        + " manages regular files only", parameters(node, file.location().toString(), NodeValue.absent()));
  }

  private static NodeValue.Obj fileValue(String content, String mode) {
    return NodeValue.object("content", NodeValue.of(content), "mode", NodeValue.of(mode));
  }

  private static Map<String, String> parameters(FileNode node, @Nullable String file, NodeValue value) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("node", node.node().value());
    if (file != null) {
      parameters.put("file", file);
    }
    if (value.isPresent()) {
      String shown = value.display();
      parameters.put("value", shown.length() <= MAX_VALUE_PARAMETER
          ? shown
          : shown.substring(0, MAX_VALUE_PARAMETER) + "... (" + shown.length() + " characters)");
    }
    return parameters;
  }

  /** A person's reading of an I/O error, with the path the system names: a parent folder may be what failed. */
  private static String reason(IOException e) {
    if (!(e instanceof FileSystemException f)) {
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    String what;
    if (f.getReason() != null) {
      what = f.getReason();
    } else if (e instanceof NoSuchFileException) {
      what = "no such file or directory";
    } else if (e instanceof FileAlreadyExistsException) {
      what = "already exists and is not a directory";
    } else if (e instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (e instanceof DirectoryNotEmptyException) {
      what = "directory not empty";
    } else if (e instanceof NotDirectoryException) {
      what = "not a directory";
    } else {
      what = e.getClass().getSimpleName();
    }
    return f.getFile() == null ? what : f.getFile() + ": " + what;
  }
}
