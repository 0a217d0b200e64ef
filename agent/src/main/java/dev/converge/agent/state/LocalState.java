package dev.converge.agent.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.engine.model.NodeValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's data folder: {@code state.json} ({@link AgentState}), written by the daemon and read by the command
 * line, next to the audit journal {@code journal.jsonl}.
 *
 * <h2>Writing</h2>
 *
 * <p>{@link #save} never leaves a half-written {@code state.json}: it writes {@code state.json.tmp} (created anew,
 * mode {@code 0600}), forces it to disk, moves it over {@code state.json} atomically and syncs the folder. A crash
 * at any point leaves either the old or the new state; a stale {@code state.json.tmp} is ignored by {@link #load}
 * and replaced by the next save. The folder is created with mode {@code 0700} when missing. One process (the
 * daemon) should be the only writer of a folder; saves within it are serialised.
 *
 * <h2>Reading</h2>
 *
 * <p>{@link #load} tells apart "no state" (the agent has not run with this folder: empty) from "a state file that
 * cannot be used" ({@link Unreadable}, naming the file and what is wrong with it). Reading never writes.
 *
 * <h2>File format</h2>
 *
 * <p>A JSON object: {@code format} (1), {@code deviceId}, {@code moduleId} (or {@code null}), {@code hubHostName},
 * {@code connection} ({@code connecting}, {@code connected}, {@code disconnected}), {@code connectionSince},
 * {@code desiredVersion}, {@code updated}, {@code pid}, {@code desired}, {@code reported}. Times are ISO-8601 UTC.
 * The desired document may hold secrets, which is why the file is readable by its owner only.
 */
public final class LocalState {

  private static final Logger LOG = LoggerFactory.getLogger(LocalState.class);

  /** Where the agent keeps its state unless configured otherwise. */
  public static final Path DEFAULT_FOLDER = Path.of("/var/lib/converge");
  /** The state file's name in the folder. */
  public static final String STATE_FILE = "state.json";
  /** The journal's name in the folder. */
  public static final String JOURNAL_FILE = "journal.jsonl";
  /** The only format this version writes and reads. */
  public static final int FORMAT = 1;

  private static final String TEMP_SUFFIX = ".tmp";
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final Path folder;

  /** The data folder {@code folder}; nothing is read or created until used. */
  public LocalState(Path folder) {
    this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
  }

  /** The default data folder, {@code /var/lib/converge}. */
  public static LocalState defaultFolder() {
    return new LocalState(DEFAULT_FOLDER);
  }

  public Path folder() {
    return folder;
  }

  /** {@code <folder>/state.json}. */
  public Path stateFile() {
    return folder.resolve(STATE_FILE);
  }

  /** {@code <folder>/journal.jsonl}: the journal the daemon keeps with this state. */
  public Path journalFile() {
    return folder.resolve(JOURNAL_FILE);
  }

  /**
   * Replaces the saved state, atomically (see the class comment).
   *
   * @throws UncheckedIOException naming the file, when the folder or file cannot be written; the previous state is
   *     then still in place
   */
  public synchronized void save(AgentState state) {
    Objects.requireNonNull(state, "state");
    Path file = stateFile();
    Path temp = folder.resolve(STATE_FILE + TEMP_SUFFIX);
    byte[] bytes = render(state);
    try {
      createFolder();
      Files.deleteIfExists(temp); // left by a crash: may be partial, and may have another mode
      try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE), ownerOnly("rw-------"))) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncFolder();
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // the next save replaces it; load never reads it
      }
      throw new UncheckedIOException("cannot save agent state to " + file + ": " + describe(e), e);
    }
  }

  /**
   * The saved state, or empty when there is none (no {@code state.json}: the agent has not run with this folder).
   *
   * @throws Unreadable when the file exists but cannot be read or is not a valid state, saying which and why
   */
  public Optional<AgentState> load() throws Unreadable {
    Path file = stateFile();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (AccessDeniedException e) {
      throw new Unreadable(file, false, file + ": permission denied; the state is readable by the agent's user only"
          + " (try with sudo)");
    } catch (IOException e) {
      throw new Unreadable(file, false, file + ": cannot read: " + describe(e));
    }
    return Optional.of(parse(file, bytes));
  }

  /**
   * The saved state; its absence is an error too.
   *
   * @throws Unreadable when there is none ({@link Unreadable#isMissing()}), or it cannot be used
   */
  public AgentState require() throws Unreadable {
    Optional<AgentState> state = load();
    if (state.isEmpty()) {
      throw new Unreadable(stateFile(), true, stateFile() + ": no agent state: the agent has not run with data"
          + " folder " + folder + " (give the folder it uses with --data)");
    }
    return state.get();
  }

  /** A state file that is missing or cannot be used; the message names the file and says what is wrong. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final boolean missing;

    Unreadable(Path file, boolean missing, String message) {
      super(message);
      this.file = file;
      this.missing = missing;
    }

    public Path file() {
      return file;
    }

    /** True when there is no state file at all; false when there is one that cannot be read or used. */
    public boolean isMissing() {
      return missing;
    }
  }

  // --- format ---

  private static byte[] render(AgentState s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", FORMAT);
    o.put("deviceId", s.deviceId());
    if (s.moduleId() == null) {
      o.putNull("moduleId");
    } else {
      o.put("moduleId", s.moduleId());
    }
    o.put("hubHostName", s.hubHostName());
    o.put("connection", s.connection().wireName());
    o.put("connectionSince", s.connectionSince().toString());
    o.put("desiredVersion", s.desiredVersion());
    o.put("updated", s.updated().toString());
    o.put("pid", s.pid());
    o.set("desired", s.desired().toJson());
    o.set("reported", s.reported().toJson());
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render agent state", e);
    }
  }

  private static AgentState parse(Path file, byte[] bytes) throws Unreadable {
    String damaged = file + ": damaged agent state: ";
    String rewrite = ". The agent rewrites the file on its next update; until then it cannot be used.";
    if (bytes.length == 0) {
      throw new Unreadable(file, false, damaged + "the file is empty" + rewrite);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable(file, false, damaged + "not UTF-8 text" + rewrite);
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new Unreadable(file, false, damaged + "not valid JSON" + where + " (" + e.getOriginalMessage() + ")"
          + rewrite);
    }
    if (root == null || !root.isObject()) {
      throw new Unreadable(file, false, damaged + "not a JSON object" + rewrite);
    }
    JsonNode format = root.get("format");
    if (format == null || !format.canConvertToInt()) {
      throw new Unreadable(file, false, damaged + "'format' is missing or not a number" + rewrite);
    }
    if (format.intValue() != FORMAT) {
      throw new Unreadable(file, false, file + ": agent state in format " + format.asText() + ", written by another"
          + " version of Converge; this one reads format " + FORMAT);
    }
    try {
      return new AgentState(
          text(root, "deviceId"),
          nullableText(root, "moduleId"),
          text(root, "hubHostName"),
          AgentState.Connection.parse(text(root, "connection")),
          instant(root, "connectionSince"),
          number(root, "desiredVersion"),
          object(root, "desired"),
          object(root, "reported"),
          instant(root, "updated"),
          number(root, "pid"));
    } catch (IllegalArgumentException e) {
      throw new Unreadable(file, false, damaged + e.getMessage() + rewrite);
    }
  }

  private static JsonNode field(JsonNode root, String name) {
    JsonNode v = root.get(name);
    if (v == null) {
      throw new IllegalArgumentException("'" + name + "' is missing");
    }
    return v;
  }

  private static String text(JsonNode root, String name) {
    JsonNode v = field(root, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + name + "' must be a string, is " + v.getNodeType().name()
          .toLowerCase(Locale.ROOT));
    }
    return v.textValue();
  }

  private static @Nullable String nullableText(JsonNode root, String name) {
    JsonNode v = root.get(name);
    return v == null || v.isNull() ? null : text(root, name);
  }

  private static Instant instant(JsonNode root, String name) {
    String t = text(root, name);
    try {
      return Instant.parse(t);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + name + "' is not an ISO-8601 UTC time: '" + t + "'", e);
    }
  }

  private static long number(JsonNode root, String name) {
    JsonNode v = field(root, name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("'" + name + "' must be a whole number, is " + v);
    }
    return v.longValue();
  }

  private static NodeValue.Obj object(JsonNode root, String name) {
    JsonNode v = field(root, name);
    if (!v.isObject()) {
      throw new IllegalArgumentException("'" + name + "' must be a JSON object");
    }
    return (NodeValue.Obj) NodeValue.fromJson(v);
  }

  // --- files ---

  private void createFolder() throws IOException {
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(folder, ownerOnly("rwx------"));
    }
  }

  private FileAttribute<?>[] ownerOnly(String mode) {
    return folder.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
        : new FileAttribute<?>[0];
  }

  /** Makes the rename durable. Some platforms cannot open a folder; there it is skipped. */
  private void syncFolder() {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      LOG.debug("cannot sync folder {} after saving the agent state: {}", folder, describe(e));
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }
}
