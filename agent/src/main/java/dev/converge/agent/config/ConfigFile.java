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
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks the agent's YAML config file: YAML syntax, then the file's JSON Schema
 * ({@code agent-config.schema.json}), then what a schema cannot see (files that must exist, a connection string that
 * must name a device, a module id for module-twin mode). Every problem is collected and named by file, line and
 * property, so one run of {@code converge run --config F} shows all of them.
 */
public final class ConfigFile {

  private static final SchemaCompiler.Compiled SCHEMA = loadSchema();

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
      throw new ConfigException(List.of(file + ":" + e.line + ":" + e.column + ": " + e.getMessage()));
    }
    return new ConfigFile(file, doc).read();
  }

  private AgentConfig read() throws ConfigException {
    JsonNode root = doc.root();
    for (Violation v : SCHEMA.validate(root)) {
      problem(v.pointer(), v.message());
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
        duration(sdk, "operationTimeout", d.operationTimeout()), lifetime, margin);
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
        problem("/twin/mode", "the connection string is a module's (ModuleId=" + inString.get()
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

  private void problem(String pointer, String message) {
    int[] at = doc.position(pointer);
    String where = at[0] == 0 ? file.toString() : file + ":" + at[0] + ":" + at[1];
    problems.add(where + ": " + (pointer.isEmpty() ? "/" : pointer) + ": " + message);
  }

  private static SchemaCompiler.Compiled loadSchema() {
    try (InputStream in = ConfigFile.class.getResourceAsStream("/dev/converge/agent/agent-config.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("agent-config.schema.json is missing from the agent jar");
      }
      JsonNode schema = new ObjectMapper().readTree(in);
      return SchemaCompiler.compile((NodeValue.Obj) NodeValue.fromJson(schema), "agent-config.schema.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
