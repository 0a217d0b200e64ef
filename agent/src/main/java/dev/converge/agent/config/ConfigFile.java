package dev.converge.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.agent.identity.ConnectionStringParts;
import dev.converge.engine.definition.DefinitionLoader;
import dev.converge.engine.definition.SchemaCompiler;
import dev.converge.engine.definition.YamlDocument;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks the agent's YAML config file: YAML syntax, then the file's JSON Schema
 * ({@code agent-config.schema.json}), then what a schema cannot see (files that must exist, a connection string that
 * must name a device, a module id for module-twin mode). Every problem is collected and named by file, line and
 * property, so one run of {@code converge run --config F} shows all of them.
 */
public final class ConfigFile {

  private static final JsonNode SCHEMA_DOCUMENT = loadSchemaDocument();
  private static final SchemaCompiler.Compiled SCHEMA = SchemaCompiler.compile(
      (NodeValue.Obj) NodeValue.fromJson(SCHEMA_DOCUMENT), "agent-config.schema.json");
  private static final Set<String> PROPERTY_NAMES = propertyNames(SCHEMA_DOCUMENT);
  private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("property '([^']*)' is not defined");

  private final Path file;
  private final YamlDocument doc;
  private final List<String> problems = new ArrayList<>();

  private ConfigFile(Path file, YamlDocument doc) {
    this.file = file;
    this.doc = doc;
  }

  /**
   * Reads the file.
   *
   * @throws ConfigException naming every problem found
   */
  public static AgentConfig load(Path file) throws ConfigException {
    Path f = file.toAbsolutePath().normalize();
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(f + ": no such config file (create it, or pass --config FILE)"));
    } catch (CharacterCodingException e) {
      throw new ConfigException(List.of(f + ": not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigException(List.of(f + ": cannot read: " + e.getMessage()));
    }
    return parse(f, text);
  }

  /** Checks config text; {@code file} names it in messages and anchors relative paths. */
  public static AgentConfig parse(Path file, String text) throws ConfigException {
    YamlDocument doc;
    try {
      doc = YamlDocument.parse(text);
    } catch (YamlDocument.ParseFailure e) {
      // A failure without a position (an empty file) concerns the whole file: its start, 1:1, never "0:0".
      boolean placed = e.line > 0;
      String message = e.getMessage().equals("the file is empty")
          ? "the file is empty; it needs at least an 'identity' section" : e.getMessage();
      throw new ConfigException(List.of(file + ":" + (placed ? e.line : 1) + ":" + (placed ? e.column : 1) + ": "
          + message));
    }
    return new ConfigFile(file, doc).read();
  }

  private AgentConfig read() throws ConfigException {
    JsonNode root = doc.root();
    Set<String> badDurations = new HashSet<>();
    for (Violation v : SCHEMA.validate(root)) {
      schemaProblem(v, badDurations);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Path base = file.getParent() == null ? Path.of("").toAbsolutePath() : file.getParent();
    JsonNode id = root.path("identity");
    IdentitySpec identity = identity(id, base);
    Optional<Path> ca = optionalFile(root, "/trustedCaFile", base);
    String modeText = root.path("twin").path("mode").asText("device");
    TwinMode mode = "module".equals(modeText) ? TwinMode.MODULE : TwinMode.DEVICE;
    Optional<String> moduleId = Optional.ofNullable(root.path("twin").path("moduleId").textValue());
    checkTwinMode(identity, mode, moduleId);
    if (mode == TwinMode.MODULE && moduleId.isEmpty() && identity instanceof IdentitySpec.ConnectionString cs) {
      // twin.moduleId is optional when the connection string names the module; the config carries it either way.
      moduleId = ConnectionStringParts.parse(cs.value(), "device connection string").get("ModuleId");
    }
    List<Path> definitions = new ArrayList<>();
    root.path("definitions").forEach(d -> definitions.add(base.resolve(d.asText()).normalize()));
    Path adapterRoot = base.resolve(root.path("root").asText("/")).normalize();
    Path data = base.resolve(root.path("data").asText(AgentConfig.DEFAULT_DATA.toString())).normalize();
    String level = root.path("logging").path("level").asText("info");
    JsonNode sdk = root.path("sdk");
    SdkTuning d = SdkTuning.DEFAULTS;
    Duration lifetime = duration(sdk, "tokenLifetime", d.tokenLifetime());
    Duration margin = duration(sdk, "tokenRenewalMargin", d.tokenRenewalMargin());
    if (margin.compareTo(lifetime) >= 0) {
      problem("/sdk/tokenRenewalMargin", "must be shorter than sdk.tokenLifetime (" + lifetime + ")");
    }
    Duration keepAlive = duration(sdk, "keepAlive", d.keepAlive());
    if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 1740) {
      problem("/sdk/keepAlive", "must be between 1s and 29m (IoT Hub's MQTT keep-alive limit), not " + keepAlive);
    }
    String debounceText = root.path("reporting").path("debounce").asText("0");
    Duration debounce = debounceText.startsWith("0") ? Duration.ZERO : DefinitionLoader.parseDuration(debounceText);
    boolean audit = root.path("reporting").path("audit").asBoolean(true);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    SdkTuning tuning = new SdkTuning(duration(sdk, "sendInterval", d.sendInterval()),
        duration(sdk, "receiveInterval", d.receiveInterval()), keepAlive,
        duration(sdk, "operationTimeout", d.operationTimeout()), lifetime, margin,
        duration(sdk, "reconnectTimeout", d.reconnectTimeout()));
    return new AgentConfig(identity, ca, mode, moduleId, definitions, adapterRoot, data, level, tuning, debounce,
        audit);
  }

  private @Nullable IdentitySpec identity(JsonNode id, Path base) {
    if ("dps".equals(id.path("source").asText())) {
      IdentitySpec.Attestation attestation;
      if ("x509".equals(id.path("attestation").asText())) {
        Path cert = requiredFile(id, "/identity/certificateFile", base);
        Path key = requiredFile(id, "/identity/privateKeyFile", base);
        attestation = cert == null || key == null ? null : new IdentitySpec.X509(cert, key);
      } else {
        String key = inlineOrFile(id, "symmetricKey", base);
        attestation = key == null ? null : new IdentitySpec.SymmetricKey(key);
      }
      return attestation == null ? null : new IdentitySpec.Dps(
          id.path("globalEndpoint").asText(IdentitySpec.Dps.GLOBAL_ENDPOINT), id.path("idScope").asText(),
          id.path("registrationId").asText(), attestation);
    }
    String cs = inlineOrFile(id, "connectionString", base);
    if (cs == null) {
      return null;
    }
    String where = id.has("connectionString") ? "/identity/connectionString" : "/identity/connectionStringFile";
    try {
      ConnectionStringParts parts = ConnectionStringParts.parse(cs, "device connection string");
      parts.required("HostName");
      parts.required("DeviceId");
      if (parts.get("SharedAccessKey").isEmpty() && parts.get("SharedAccessSignature").isEmpty()) {
        problem(where, "the device connection string has neither SharedAccessKey nor SharedAccessSignature");
      }
    } catch (IllegalArgumentException e) {
      problem(where, e.getMessage());
      return null;
    }
    return new IdentitySpec.ConnectionString(cs);
  }

  private void checkTwinMode(@Nullable IdentitySpec identity, TwinMode mode, Optional<String> moduleId) {
    if (identity instanceof IdentitySpec.ConnectionString cs) {
      Optional<String> inString = ConnectionStringParts.parse(cs.value(), "device connection string").get("ModuleId");
      if (mode == TwinMode.DEVICE && inString.isPresent()) {
        // Named where the module's string is: twin.mode may not be written at all (device is its default).
        String where = doc.root().path("identity").has("connectionString")
            ? "/identity/connectionString" : "/identity/connectionStringFile";
        problem(where, "the connection string is a module's (ModuleId=" + inString.get()
            + "); set twin.mode: module");
      }
      if (mode == TwinMode.MODULE && inString.isEmpty()) {
        problem("/twin/mode", "module-twin mode needs a module connection string (with ModuleId=...)");
      }
      if (mode == TwinMode.MODULE && moduleId.isPresent() && inString.isPresent()
          && !moduleId.get().equals(inString.get())) {
        problem("/twin/moduleId", "'" + moduleId.get() + "' differs from the connection string's ModuleId '"
            + inString.get() + "'");
      }
    } else if (identity instanceof IdentitySpec.Dps && mode == TwinMode.MODULE) {
      problem("/twin/mode", "module-twin mode with DPS is not supported yet: DPS provisions a device identity; "
          + "create the module and use its connection string");
    }
  }

  private @Nullable String inlineOrFile(JsonNode id, String name, Path base) {
    if (id.has(name)) {
      return id.path(name).asText().trim();
    }
    Path f = requiredFile(id, "/identity/" + name + "File", base);
    if (f == null) {
      return null;
    }
    try {
      String text = Files.readString(f, StandardCharsets.UTF_8).trim();
      if (text.isEmpty()) {
        problem("/identity/" + name + "File", f + " is empty");
        return null;
      }
      return text;
    } catch (IOException e) {
      problem("/identity/" + name + "File", "cannot read " + f + ": " + e.getMessage());
      return null;
    }
  }

  private @Nullable Path requiredFile(JsonNode parent, String pointer, Path base) {
    String name = pointer.substring(pointer.lastIndexOf('/') + 1);
    Path f = base.resolve(parent.path(name).asText()).normalize();
    if (!Files.isRegularFile(f)) {
      problem(pointer, "no such file: " + f);
      return null;
    }
    if (!Files.isReadable(f)) {
      problem(pointer, "cannot read " + f + " (permissions)");
      return null;
    }
    return f;
  }

  private Optional<Path> optionalFile(JsonNode root, String pointer, Path base) {
    return root.has(pointer.substring(1)) ? Optional.ofNullable(requiredFile(root, pointer, base)) : Optional.empty();
  }

  private Duration duration(JsonNode sdk, String name, Duration fallback) {
    return sdk.has(name) ? DefinitionLoader.parseDuration(sdk.path(name).asText()) : fallback;
  }

  /**
   * A schema violation in words a person can act on: an unknown property is placed at its own line (the schema names
   * its parent) with a near spelling when there is one; a bad duration gets one message saying what a duration
   * looks like, instead of the schema's pattern (and, for {@code 0}-or-duration values, three messages).
   */
  private void schemaProblem(Violation v, Set<String> badDurations) {
    Matcher unknown = UNKNOWN_PROPERTY.matcher(v.message());
    if ("additionalProperties".equals(v.rule()) && unknown.find()) {
      String name = unknown.group(1);
      String hint = PROPERTY_NAMES.stream().filter(n -> n.equalsIgnoreCase(name) && !n.equals(name)).findFirst()
          .map(n -> " (did you mean '" + n + "'?)").orElse("");
      problem(v.pointer() + "/" + name.replace("~", "~0").replace("/", "~1"), "unknown property" + hint);
      return;
    }
    if (isDuration(v.pointer())) {
      if (badDurations.add(v.pointer())) {
        problem(v.pointer(), "'" + doc.root().at(v.pointer()).asText() + "' is not a duration: write 500ms, 30s, 5m,"
            + " 2h, 1d or ISO-8601 (PT5M)" + ("/reporting/debounce".equals(v.pointer()) ? ", or 0" : ""));
      }
      return;
    }
    problem(v.pointer(), v.message());
  }

  private static boolean isDuration(String pointer) {
    return pointer.matches("/sdk/[A-Za-z]+") || "/reporting/debounce".equals(pointer);
  }

  private void problem(String pointer, String message) {
    int[] at = doc.position(pointer);
    String where = at[0] == 0 ? file.toString() : file + ":" + at[0] + ":" + at[1];
    problems.add(where + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + message);
  }

  private static JsonNode loadSchemaDocument() {
    try (InputStream in = ConfigFile.class.getResourceAsStream("/dev/converge/agent/agent-config.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("agent-config.schema.json is missing from the agent jar");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every property name the schema declares, anywhere: the spellings an unknown key is compared with. */
  private static Set<String> propertyNames(JsonNode schema) {
    Set<String> names = new HashSet<>();
    List<JsonNode> todo = new ArrayList<>(List.of(schema));
    while (!todo.isEmpty()) {
      JsonNode n = todo.remove(todo.size() - 1);
      n.path("properties").fieldNames().forEachRemaining(names::add);
      n.forEach(todo::add);
    }
    return Set.copyOf(names);
  }
}
