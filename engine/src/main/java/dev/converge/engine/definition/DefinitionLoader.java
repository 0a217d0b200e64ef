package dev.converge.engine.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.engine.model.Comparison;
import dev.converge.engine.model.DriftPolicy;
import dev.converge.engine.model.InterfaceVersion;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads capability definition YAML into {@link CapabilityDefinition}s. Each file is checked against
 * {@code capability-definition.schema.json} and then for what a schema cannot say (placeholders, referenced schema
 * files, durations); every problem is reported with file, line and field, and a file with problems yields no
 * definition. Files are independent: one bad file never stops another from loading.
 */
public final class DefinitionLoader {

  /** Finds a schema file named in a definition: next to the definition first, then among bundled schemas. */
  @FunctionalInterface
  public interface SchemaLookup {
    Optional<String> find(String definitionSource, String schemaName);

    /** Converge's bundled schemas ({@code dev/converge/schemas/} on the class path). */
    static SchemaLookup bundled() {
      return (source, name) -> readBundledSchema(name);
    }
  }

  /** A definition, or the reasons there is none. */
  public record Result(@Nullable CapabilityDefinition definition, List<DefinitionProblem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    public boolean isLoaded() {
      return definition != null;
    }
  }

  private static final String BUNDLED = "dev/converge/schemas/";
  private static final Pattern SHORT_DURATION = Pattern.compile("([1-9][0-9]{0,8})(ms|s|m|h|d)");
  private static final SchemaCompiler.Compiled DEFINITION_SCHEMA = SchemaCompiler.compile(
      (NodeValue.Obj) NodeValue.parse(readBundledSchema("capability-definition.schema.json")
          .orElseThrow(() -> new IllegalStateException("capability-definition.schema.json missing from the class path"))),
      "capability-definition.schema.json");

  private final SchemaLookup schemas;

  private DefinitionLoader(SchemaLookup schemas) {
    this.schemas = schemas;
  }

  public static DefinitionLoader create(SchemaLookup schemas) {
    return new DefinitionLoader(Objects.requireNonNull(schemas, "schemas"));
  }

  /** Reads one bundled schema by file name. */
  public static Optional<String> readBundledSchema(String name) {
    try (InputStream in = DefinitionLoader.class.getClassLoader().getResourceAsStream(BUNDLED + name)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled schema " + name, e);
    }
  }

  /** Loads one definition file's text. {@code source} names the file in every problem. */
  public Result load(String source, String yaml) {
    YamlDocument doc;
    try {
      doc = YamlDocument.parse(yaml);
    } catch (YamlDocument.ParseFailure e) {
      return new Result(null, List.of(new DefinitionProblem(source, e.line, e.column, "", source, e.getMessage())));
    }
    Problems problems = new Problems(source, doc);
    JsonNode root = doc.root();
    if (!root.isObject()) {
      problems.add("", "a capability definition is a YAML mapping (id, interfaceVersion, schema, adapter, nodes...)");
      return problems.result(null);
    }
    problems.capability = root.path("id").isTextual() ? root.get("id").textValue() : source;
    for (Violation v : DEFINITION_SCHEMA.validate(root)) {
      problems.add(v.pointer(), explain(v));
    }
    if (!problems.isEmpty()) {
      return problems.result(null);
    }
    return problems.result(build(root, source, problems));
  }

  private @Nullable CapabilityDefinition build(JsonNode root, String source, Problems problems) {
    String id = root.get("id").textValue();
    InterfaceVersion version = InterfaceVersion.parse(root.get("interfaceVersion").textValue());
    String schemaName = root.get("schema").textValue();
    NodeValue.Obj schema = readSchema(source, schemaName, "/schema", problems);

    List<PropertySpec> properties = new ArrayList<>();
    ItemSpec items = null;
    if (!root.has("nodes") && !root.has("reported") && !root.has("commands")) {
      problems.add("", "a capability needs nodes (desired properties), reported values or commands; it has none");
    }
    // A capability may have no desired properties (only commands, or only reported values): nodes is optional.
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("nodes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String pointer = "/nodes/" + e.getKey();
      if (e.getKey().startsWith("{")) {
        if (items != null) {
          problems.add(pointer, "a group has at most one item placeholder; '{" + items.placeholder()
              + "}' is already declared");
          continue;
        }
        items = item(e.getKey().substring(1, e.getKey().length() - 1), e.getValue(), pointer, problems);
      } else {
        PropertySpec p = property(e.getKey(), e.getValue(), pointer, Set.of(), problems);
        if (p != null && p.identity()) {
          problems.add(pointer, "identity properties belong to items ('{key}'), not to the group");
        } else if (p != null) {
          properties.add(p);
        }
      }
    }

    Map<String, NodeTemplate> reported = new LinkedHashMap<>();
    root.path("reported").fields().forEachRemaining(e -> {
      NodeTemplate t = template(e.getValue().textValue(), "/reported/" + e.getKey(), Set.of(), problems);
      if (properties.stream().anyMatch(p -> p.name().equals(e.getKey()))) {
        problems.add("/reported/" + e.getKey(), "'" + e.getKey() + "' is already a desired property");
      }
      if (t != null) {
        reported.put(e.getKey(), t);
      }
    });

    Map<String, CommandSpec> commands = new LinkedHashMap<>();
    root.path("commands").fields().forEachRemaining(e -> {
      String pointer = "/commands/" + e.getKey();
      JsonNode c = e.getValue();
      String payloadName = c.path("payloadSchema").isTextual() ? c.get("payloadSchema").textValue() : null;
      NodeValue.Obj payloadSchema =
          payloadName == null ? null : readSchema(source, payloadName, pointer + "/payloadSchema", problems);
      NodeTemplate node = commandTemplate(c.get("node").textValue(), pointer + "/node", payloadName, payloadSchema,
          problems);
      Duration timeout = c.has("timeout")
          ? duration(c.get("timeout").textValue(), pointer + "/timeout", problems)
          : Duration.ofSeconds(30);
      if (timeout != null && (timeout.compareTo(Duration.ofSeconds(5)) < 0
          || timeout.compareTo(Duration.ofSeconds(300)) > 0)) {
        problems.add(pointer + "/timeout", "IoT Hub direct methods time out between 5 s and 300 s, not " + timeout);
      }
      if (node != null && timeout != null) {
        commands.put(e.getKey(), new CommandSpec(e.getKey(), node, c.path("description").asText(""), payloadName,
            payloadSchema, timeout, c.path("readOnly").asBoolean(false)));
      }
    });

    List<String> dependencies = new ArrayList<>();
    root.path("dependencies").forEach(d -> dependencies.add(d.textValue()));
    if (dependencies.contains(id)) {
      problems.add("/dependencies", "a capability cannot depend on itself");
    }

    JsonNode drift = root.path("drift");
    DriftPolicy policy = drift.has("policy") ? DriftPolicy.parse(drift.get("policy").textValue()) : DriftPolicy.REMEDIATE;
    Duration scan = drift.has("scanInterval")
        ? duration(drift.get("scanInterval").textValue(), "/drift/scanInterval", problems)
        : DriftSpec.DEFAULT_SCAN_INTERVAL;

    List<String> tags = new ArrayList<>();
    root.path("tags").forEach(t -> tags.add(t.textValue()));

    if (!problems.isEmpty() || schema == null || scan == null) {
      return null;
    }
    return new CapabilityDefinition(id, version, root.get("description").textValue(), tags, schemaName, schema,
        root.get("adapter").textValue(), properties, items, reported, commands, dependencies,
        new DriftSpec(policy, scan), source);
  }

  private @Nullable ItemSpec item(String placeholder, JsonNode spec, String pointer, Problems problems) {
    Map<String, JsonNode> raw = new LinkedHashMap<>();
    spec.get("properties").fields().forEachRemaining(e -> raw.put(e.getKey(), e.getValue()));
    // Identity properties may appear in templates, and the key's own placeholder always may.
    Set<String> allowed = new java.util.HashSet<>();
    allowed.add(placeholder);
    raw.forEach((name, node) -> {
      if (node.isObject() && node.path("identity").asBoolean(false)) {
        allowed.add(name);
      }
    });
    List<PropertySpec> props = new ArrayList<>();
    raw.forEach((name, node) -> {
      PropertySpec p = property(name, node, pointer + "/properties/" + name, allowed, problems);
      if (p != null) {
        props.add(p);
      }
    });
    NodeTemplate node = spec.has("node")
        ? template(spec.get("node").textValue(), pointer + "/node", allowed, problems)
        : null;
    ItemSpec.Presence presence = null;
    if (spec.has("presence")) {
      JsonNode pr = spec.get("presence");
      presence = new ItemSpec.Presence(pr.get("property").textValue(), pr.get("present").textValue(),
          pr.get("absent").textValue());
      if (raw.containsKey(presence.property())) {
        problems.add(pointer + "/presence/property", "'" + presence.property()
            + "' switches the item on and off; it cannot also be a property with a node");
      }
      if (presence.present().equals(presence.absent())) {
        problems.add(pointer + "/presence", "present and absent must be different values");
      }
    }
    return problems.isEmpty() ? new ItemSpec(placeholder, node, presence, props) : null;
  }

  private @Nullable PropertySpec property(String name, JsonNode spec, String pointer, Set<String> placeholders,
      Problems problems) {
    if (spec.isTextual()) {
      NodeTemplate t = template(spec.textValue(), pointer, placeholders, problems);
      return t == null ? null : new PropertySpec(name, t, false, Comparison.EQUALS, false);
    }
    boolean identity = spec.path("identity").asBoolean(false);
    NodeTemplate t = spec.has("node") ? template(spec.get("node").textValue(), pointer + "/node", placeholders,
        problems) : null;
    if (!identity && t == null) {
      return null;
    }
    Comparison compare = spec.has("compare") ? Comparison.parse(spec.get("compare").textValue()) : Comparison.EQUALS;
    return new PropertySpec(name, identity ? null : t, identity, compare, spec.path("writeOnly").asBoolean(false));
  }

  /**
   * A command's node: its placeholders are filled from the payload, so each must name a property its payload
   * schema declares and requires (a payload without it would leave the node unaddressable).
   */
  private static @Nullable NodeTemplate commandTemplate(String text, String pointer, @Nullable String payloadName,
      NodeValue.@Nullable Obj payloadSchema, Problems problems) {
    Set<String> required = new java.util.TreeSet<>();
    if (payloadSchema != null && payloadSchema.get("required") instanceof NodeValue.Seq names) {
      NodeValue.Obj declared = payloadSchema.object("properties").orElse(NodeValue.Obj.empty());
      names.items().forEach(n -> {
        if (n instanceof NodeValue.Text t && declared.has(t.value())) {
          required.add(t.value());
        }
      });
    }
    NodeTemplate t = new NodeTemplate(text);
    for (String p : t.placeholders()) {
      if (!required.contains(p)) {
        problems.add(pointer, payloadName == null
            ? "placeholder {" + p + "} in a command node needs a payloadSchema that requires the property '" + p + "'"
            : "placeholder {" + p + "} in a command node must name a property that " + payloadName
                + " declares and requires (required properties: " + required + ")");
        return null;
      }
    }
    return template(text, pointer, t.placeholders(), problems);
  }

  private static @Nullable NodeTemplate template(String text, String pointer, Set<String> allowed, Problems problems) {
    NodeTemplate t = new NodeTemplate(text);
    for (String p : t.placeholders()) {
      if (!allowed.contains(p)) {
        problems.add(pointer, allowed.isEmpty()
            ? "placeholder {" + p + "} is only allowed in item nodes ('{key}' entries)"
            : "placeholder {" + p + "} is neither the item key nor an identity property (allowed: " + allowed + ")");
        return null;
      }
    }
    Map<String, String> sample = new HashMap<>();
    t.placeholders().forEach(p -> sample.put(p, "x"));
    try {
      t.resolve(sample);
    } catch (IllegalArgumentException e) {
      problems.add(pointer, e.getMessage());
      return null;
    }
    return t;
  }

  private NodeValue.@Nullable Obj readSchema(String source, String name, String pointer, Problems problems) {
    Optional<String> text = schemas.find(source, name);
    if (text.isEmpty()) {
      problems.add(pointer, "schema file " + name + " not found next to " + source + " nor among bundled schemas");
      return null;
    }
    NodeValue parsed;
    try {
      parsed = NodeValue.parse(text.get());
    } catch (IllegalArgumentException e) {
      problems.add(pointer, "schema file " + name + " is not JSON: " + e.getMessage());
      return null;
    }
    if (!(parsed instanceof NodeValue.Obj schema)) {
      problems.add(pointer, "schema file " + name + " must hold a JSON object");
      return null;
    }
    try {
      SchemaCompiler.compile(schema, name);
    } catch (IllegalArgumentException e) {
      problems.add(pointer, e.getMessage());
      return null;
    }
    return schema;
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
  public static Duration parseDuration(String text) {
    Matcher m = SHORT_DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms": return Duration.ofMillis(n);
        case "s": return Duration.ofSeconds(n);
        case "m": return Duration.ofMinutes(n);
        case "h": return Duration.ofHours(n);
        default: return Duration.ofDays(n);
      }
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (500ms, 30s, 5m, 2h, 1d or PT5M)", e);
    }
  }

  private static @Nullable Duration duration(String text, String pointer, Problems problems) {
    try {
      Duration d = parseDuration(text);
      if (d.isZero() || d.isNegative()) {
        problems.add(pointer, "duration must be positive: " + text);
        return null;
      }
      return d;
    } catch (IllegalArgumentException e) {
      problems.add(pointer, e.getMessage());
      return null;
    }
  }

  private static String explain(Violation v) {
    if (v.rule().equals("additionalProperties")) {
      return "unknown field " + (v.value().isPresent() ? v.value().display() : "") + ": " + v.message();
    }
    return v.message();
  }

  /** Problems of one file, located through the YAML marks. */
  private static final class Problems {
    private final String source;
    private final YamlDocument doc;
    private final List<DefinitionProblem> list = new ArrayList<>();
    private String capability;

    Problems(String source, YamlDocument doc) {
      this.source = source;
      this.doc = doc;
      this.capability = source;
    }

    void add(String pointer, String message) {
      int[] pos = doc.position(pointer);
      String field = pointer.isEmpty() ? "" : pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
      list.add(new DefinitionProblem(source, pos[0], pos[1], field, capability, message));
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    Result result(@Nullable CapabilityDefinition d) {
      return new Result(list.isEmpty() ? d : null, list);
    }
  }
}
