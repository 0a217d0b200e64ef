package dev.converge.engine.command;

import dev.converge.engine.definition.Capability;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.CommandSpec;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.definition.SchemaCompiler;
import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.InterfaceVersion;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import dev.converge.engine.model.Violation;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeResult;
import dev.converge.engine.port.TwinChannel.CommandRequest;
import dev.converge.engine.port.TwinChannel.CommandResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers direct methods, keeping the original agent's contract (DESIGN.md "Twin conventions"): 200 with a JSON
 * result, 400 with an error object {@code {subsystem, context, code, message, parameters}} whose {@code context} is
 * the method name, 404 for a method no capability declares.
 *
 * <p>A method name is looked up verbatim (case-sensitive) among the commands of every capability, and among the
 * built-in methods ({@link #CLEAR_REPORTED}), which no capability can shadow. Then, in order:
 *
 * <ol>
 *   <li>the capability must be ready on this device (else 400 with its own error: adapter missing, definition or
 *       dependency broken);
 *   <li>the payload must be a JSON object ({@code null} or none counts as {@code {}});
 *   <li>an optional {@code __meta.serviceInterfaceVersion} must share the capability's major version (a missing
 *       one is accepted; the original agent required it);
 *   <li>the payload without {@code __meta} must satisfy the command's payload schema: one 400 names every
 *       violation with its JSON pointer, rule and value;
 *   <li>the command's node is addressed with the payload's values for its placeholders;
 *   <li>the adapter runs it ({@link NodeAdapter#exec}): success answers 200 with the value ({@code {}} when none);
 *       a rejected or failed run answers 400 with the adapter's message and parameters.
 * </ol>
 *
 * <p>Nothing escapes: an exception from an adapter (a bug) is logged and answered with a 400 internal error.
 * Payloads are never logged, so values a payload carries stay out of the logs, and a schema violation never shows
 * the value of a property the payload schema marks {@code writeOnly} (a secret). Thread-safe: the agent answers a
 * method on the SDK's thread, which must not wait for the engine's (the engine may be waiting for an SDK answer that
 * only that thread delivers); {@code clearReported} and {@code ran} are the engine's to defer.
 */
public final class CommandDispatcher {

  /**
   * The original agent's built-in method: answers {@code {}} and has the next report rebuild the reported
   * document from scratch, removing every stale key Converge owns.
   */
  public static final String CLEAR_REPORTED = "clearReportedCmd";

  /** The interface version of the built-in methods, as in the original agent. */
  static final InterfaceVersion BUILT_IN_VERSION = new InterfaceVersion(1, 0, 0);

  private static final Logger LOG = LoggerFactory.getLogger(CommandDispatcher.class);
  private static final String META = "__meta";
  private static final String SERVICE_VERSION = "serviceInterfaceVersion";
  private static final int MAX_SHOWN = 256;
  private static final int OK = 200;
  private static final int BAD_REQUEST = 400;
  private static final int NOT_FOUND = 404;

  /** The capabilities declaring one method name: one normally, several when definitions conflict. */
  private record Route(String method, List<Capability> owners) {
    CommandSpec spec() {
      return owners.get(0).definition().commands().get(method);
    }
  }

  private final Map<String, Route> routes = new TreeMap<>();
  private final Function<String, Optional<NodeAdapter>> adapters;
  private final Runnable clearReported;
  private final Consumer<String> ran;
  private final CommandLog log;
  private final List<DefinitionProblem> problems = new ArrayList<>();
  private final Map<String, SchemaCompiler.Compiled> schemas = new ConcurrentHashMap<>();

  /**
   * @param adapters the open adapter for an adapter id, when there is one
   * @param clearReported what {@link #CLEAR_REPORTED} does: the engine's rebuild of the reported document
   * @param ran told the capability id after its adapter ran a command (whatever the result), since a command may
   *     change nodes the engine has cached
   */
  public CommandDispatcher(CapabilityRegistry registry, Function<String, Optional<NodeAdapter>> adapters,
      Runnable clearReported, Consumer<String> ran) {
    this(registry, adapters, clearReported, ran, CommandLog.NONE);
  }

  /** As above, recording each command run on an adapter in {@code log} (the journal and the audit trail). */
  public CommandDispatcher(CapabilityRegistry registry, Function<String, Optional<NodeAdapter>> adapters,
      Runnable clearReported, Consumer<String> ran, CommandLog log) {
    this.log = Objects.requireNonNull(log, "log");
    this.adapters = Objects.requireNonNull(adapters, "adapters");
    this.clearReported = Objects.requireNonNull(clearReported, "clearReported");
    this.ran = Objects.requireNonNull(ran, "ran");
    Map<String, List<Capability>> owners = new TreeMap<>();
    for (Capability c : registry.all()) {
      c.definition().commands().keySet().forEach(m -> owners.computeIfAbsent(m, k -> new ArrayList<>()).add(c));
    }
    owners.forEach((method, caps) -> {
      caps.sort(Comparator.comparing(c -> c.definition().source()));
      if (method.equals(CLEAR_REPORTED)) {
        caps.forEach(c -> problems.add(problem(c, method, "'" + method + "' is a built-in method of the agent;"
            + " this command can never be called")));
        return;
      }
      if (caps.size() > 1) {
        caps.forEach(c -> problems.add(problem(c, method, "method '" + method + "' is declared by "
            + describe(caps) + "; calls answer 400 until only one declares it")));
      }
      routes.put(method, new Route(method, List.copyOf(caps)));
    });
  }

  /** Every method this device answers, built-in ones included, sorted. */
  public SortedSet<String> methods() {
    SortedSet<String> all = new TreeSet<>(routes.keySet());
    all.add(CLEAR_REPORTED);
    return all;
  }

  /** Conflicts between command declarations (a name declared twice, or a built-in name), for logs and validate. */
  public List<DefinitionProblem> problems() {
    return List.copyOf(problems);
  }

  /** Runs one direct method. Never throws for anything the caller or an adapter does. */
  public CommandResponse dispatch(CommandRequest request) {
    String method = request.name();
    CommandResponse response;
    try {
      response = answer(method, request.payload());
    } catch (RuntimeException e) {
      LOG.error("direct method {} failed unexpectedly", method, e);
      response = bad(ReportedError.of(ErrorCode.INTERNAL, method, "the agent failed unexpectedly running " + method
          + ": " + e, Map.of("method", method)));
    }
    if (response.status() == OK) {
      LOG.info("direct method {} answered {}", method, response.status());
    } else {
      LOG.info("direct method {} answered {}: {}", method, response.status(), codeOf(response.payload()));
      LOG.debug("direct method {} error: {}", method, response.payload().display());
    }
    return response;
  }

  private CommandResponse answer(String method, NodeValue rawPayload) {
    if (method.equals(CLEAR_REPORTED)) {
      Optional<ReportedError> refused = payload(method, rawPayload, BUILT_IN_VERSION, "the agent's built-in methods")
          .error();
      if (refused.isPresent()) {
        return bad(refused.get());
      }
      clearReported.run();
      return ok(NodeValue.Obj.empty());
    }
    Route route = routes.get(method);
    if (route == null) {
      String known = String.join(", ", methods());
      return new CommandResponse(NOT_FOUND, ReportedError.of(ErrorCode.METHOD_UNKNOWN, method,
          "no such method: " + method + "; known methods: " + known,
          Map.of("method", method, "knownMethods", known)).toValue());
    }
    if (route.owners().size() > 1) {
      return bad(ReportedError.of(ErrorCode.DEFINITION_INVALID, method, "method " + method + " is declared by "
          + describe(route.owners()) + "; it cannot run until only one declares it",
          Map.of("method", method, "capabilities", ids(route.owners()))));
    }
    Capability capability = route.owners().get(0);
    if (!capability.isReady()) {
      return bad(notReady(method, capability));
    }
    String adapterId = capability.definition().adapter();
    Optional<NodeAdapter> adapter = adapters.apply(adapterId);
    if (adapter.isEmpty()) {
      return bad(ReportedError.of(ErrorCode.UNSUPPORTED_CAPABILITY, method, "method " + method + " cannot run:"
          + " adapter '" + adapterId + "' of capability " + capability.id() + " is not open",
          Map.of("capability", capability.id(), "adapter", adapterId)));
    }
    CommandSpec spec = route.spec();
    Payload payload = payload(method, rawPayload, capability.definition().interfaceVersion(),
        "capability " + capability.id());
    if (payload.error().isPresent()) {
      return bad(payload.error().get());
    }
    Optional<ReportedError> invalid = checkSchema(method, spec, payload.properties());
    if (invalid.isPresent()) {
      return bad(invalid.get());
    }
    NodePath node;
    try {
      node = spec.node().resolve(placeholders(payload.properties()));
    } catch (IllegalArgumentException e) {
      return bad(ReportedError.of(ErrorCode.NODE_ADDRESS, method, "cannot address the node of " + method + ": "
          + e.getMessage(), Map.of("node", spec.node().text())));
    }
    return run(method, capability, adapter.get(), node, payload.properties());
  }

  private CommandResponse run(String method, Capability capability, NodeAdapter adapter, NodePath node,
      NodeValue.Obj payload) {
    CommandSpec spec = capability.definition().commands().get(method);
    CommandLog journaled = spec.readOnly() ? CommandLog.NONE : log; // what only reads leaves no record
    NodeValue.Obj recorded = withSecretsDigested(payload, spec);
    long started = journaled.started(capability.id(), method, node, recorded);
    NodeResult result = null;
    CommandResponse response;
    try {
      LOG.debug("direct method {}: exec {} on adapter {}", method, node, capability.definition().adapter());
      result = adapter.exec(node, payload);
      response = answer(method, capability, node, result);
    } catch (RuntimeException e) {
      LOG.error("direct method {}: adapter {} threw running {}", method, capability.definition().adapter(), node, e);
      response = bad(ReportedError.of(ErrorCode.INTERNAL, method, "the adapter '" + capability.definition().adapter()
          + "' failed unexpectedly running " + node + ": " + e, Map.of("node", node.value(), "adapter",
          capability.definition().adapter())));
    } finally {
      ran.accept(capability.id());
    }
    String problem = response.status() == OK ? null
        : response.payload() instanceof NodeValue.Obj o ? o.text("message").orElse("failed") : "failed";
    journaled.finished(started, capability.id(), method, recorded, result, problem);
    return response;
  }

  private static NodeValue.Obj withSecretsDigested(NodeValue.Obj payload, CommandSpec spec) {
    if (spec == null || spec.payloadSchema() == null) {
      return payload;
    }
    NodeValue.Obj out = payload;
    for (String secret : writeOnly(spec.payloadSchema())) {
      if (out.has(secret)) {
        out = out.with(secret, NodeValue.of(out.get(secret).digest()));
      }
    }
    return out;
  }

  private CommandResponse answer(String method, Capability capability, NodePath node, NodeResult result) {
    if (result instanceof NodeResult.Rejected r) {
      return bad(ReportedError.of(ErrorCode.ADAPTER_REJECTED, method, r.message(), withNode(r.parameters(), node)));
    }
    if (result instanceof NodeResult.Failed f) {
      return bad(ReportedError.of(ErrorCode.ADAPTER_FAILED, method, f.message(), withNode(f.parameters(), node)));
    }
    if (result == null) {
      return bad(ReportedError.of(ErrorCode.INTERNAL, method, "the adapter '" + capability.definition().adapter()
          + "' returned no result for " + node, Map.of("node", node.value())));
    }
    NodeValue value = result.valueOrAbsent();
    return ok(value.isAbsent() ? NodeValue.Obj.empty() : value);
  }

  /** A payload taken apart: the properties the command sees, or why it is refused. */
  private record Payload(NodeValue.Obj properties, Optional<ReportedError> error) {}

  /**
   * Checks the payload's shape and {@code __meta}: an object (absent counts as empty), and a service interface
   * version, when given, with the same major version as {@code version}.
   */
  private static Payload payload(String method, NodeValue raw, InterfaceVersion version, String owner) {
    NodeValue value = raw.isAbsent() ? NodeValue.Obj.empty() : raw;
    if (!(value instanceof NodeValue.Obj obj)) {
      return refused(ReportedError.of(ErrorCode.INVALID_JSON, method, "the payload of " + method
          + " must be a JSON object, not " + shown(value), Map.of("pointer", "", "value", shown(value))));
    }
    NodeValue meta = obj.get(META);
    if (meta.isPresent() && !(meta instanceof NodeValue.Obj)) {
      return refused(violation(method, "/" + META, "type", meta, "__meta must be an object"));
    }
    NodeValue service = meta instanceof NodeValue.Obj m ? m.get(SERVICE_VERSION) : NodeValue.absent();
    String pointer = "/" + META + "/" + SERVICE_VERSION;
    if (service.isPresent()) {
      if (!(service instanceof NodeValue.Text text) || !InterfaceVersion.isValid(text.value())) {
        return refused(violation(method, pointer, "pattern", service,
            "serviceInterfaceVersion must be a semantic version such as \"" + version + "\""));
      }
      if (!version.isCompatibleWith(InterfaceVersion.parse(text.value()))) {
        return refused(ReportedError.of(ErrorCode.INTERFACE_VERSION, method, "service interface version "
            + text.value() + " is not supported: this device implements " + owner + " " + version
            + " (same major version required)", Map.of("pointer", pointer, "value", text.value(), "supported",
            version.toString())));
      }
    }
    return new Payload(obj.without(META), Optional.empty());
  }

  private static Payload refused(ReportedError error) {
    return new Payload(NodeValue.Obj.empty(), Optional.of(error));
  }

  private static ReportedError violation(String method, String pointer, String rule, NodeValue value,
      String message) {
    return ReportedError.of(ErrorCode.SCHEMA_VIOLATION, method, "the payload of " + method + " is invalid: "
        + pointer + ": " + message, Map.of("pointer", pointer, "rule", rule, "value", shown(value)));
  }

  /**
   * One error naming every violation: the message lists each pointer with its rule and value, and
   * {@code parameters} holds the schema's name plus one entry per offending pointer ({@code "/" } for the payload
   * itself) saying {@code rule, value}; several rules at one pointer are joined with {@code "; "}.
   */
  private Optional<ReportedError> checkSchema(String method, CommandSpec spec, NodeValue.Obj properties) {
    NodeValue.Obj schema = spec.payloadSchema();
    String name = spec.payloadSchemaName();
    if (schema == null || name == null) {
      return Optional.empty();
    }
    SchemaCompiler.Compiled compiled = schemas.computeIfAbsent(method, m -> SchemaCompiler.compile(schema, name));
    List<Violation> violations = compiled.validate(properties);
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("schema", name);
    List<String> parts = new ArrayList<>();
    Set<String> secrets = writeOnly(schema);
    for (Violation v : violations) {
      String pointer = v.pointer().isEmpty() ? "/" : v.pointer();
      String shown = secrets.contains(pointer.substring(1).split("/", 2)[0]) ? "(secret)" : shown(v.value());
      String detail = "rule " + v.rule() + (v.value().isPresent() ? ", value " + shown : "");
      parameters.merge(pointer, detail, (a, b) -> a + "; " + b);
      parts.add(pointer + ": " + v.message() + " (" + detail + ")");
    }
    return Optional.of(ReportedError.of(ErrorCode.SCHEMA_VIOLATION, method, "the payload of " + method
        + " does not match " + name + ": " + String.join("; ", parts), parameters));
  }

  /**
   * The payload's top-level properties whose schema says {@code writeOnly: true}: secrets, whose values an error
   * never shows (STYLE.md §2.6).
   */
  private static Set<String> writeOnly(NodeValue.Obj schema) {
    Set<String> out = new HashSet<>();
    schema.object("properties").ifPresent(p -> p.fields().forEach((name, spec) -> {
      if (spec instanceof NodeValue.Obj o && o.get("writeOnly").equals(NodeValue.of(true))) {
        out.add(name);
      }
    }));
    return out;
  }

  /** Placeholder values: the payload's top-level scalars, as item nodes take identity properties. */
  private static Map<String, String> placeholders(NodeValue.Obj payload) {
    Map<String, String> out = new HashMap<>();
    payload.fields().forEach((k, v) -> {
      if (v instanceof NodeValue.Text t) {
        out.put(k, t.value());
      } else if (v instanceof NodeValue.Num || v instanceof NodeValue.Bool) {
        out.put(k, v.display());
      }
    });
    return out;
  }

  private static ReportedError notReady(String method, Capability capability) {
    String availability = capability.availability().name().toLowerCase(Locale.ROOT);
    ReportedError cause = capability.errors().isEmpty()
        ? ReportedError.of(ErrorCode.UNSUPPORTED_CAPABILITY, capability.id(), "it cannot be used here")
        : capability.errors().get(0);
    Map<String, String> parameters = new LinkedHashMap<>(cause.parameters());
    parameters.put("capability", capability.id());
    parameters.put("availability", availability);
    return ReportedError.of(cause.code(), method, "method " + method + " cannot run: capability "
        + capability.id() + " is " + availability + " on this device: " + cause.message(), parameters);
  }

  private static Map<String, String> withNode(Map<String, String> parameters, NodePath node) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("node", node.value());
    out.putAll(parameters);
    return out;
  }

  private static CommandResponse ok(NodeValue value) {
    return new CommandResponse(OK, value);
  }

  private static CommandResponse bad(ReportedError error) {
    return new CommandResponse(BAD_REQUEST, error.toValue());
  }

  private static String codeOf(NodeValue payload) {
    return payload instanceof NodeValue.Obj o ? o.get("code").display() + " " + o.get("context").display() : "";
  }

  private static String shown(NodeValue value) {
    String s = value.toJsonText();
    return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "… (" + s.length() + " characters)";
  }

  private static String describe(List<Capability> caps) {
    List<String> out = new ArrayList<>();
    caps.forEach(c -> out.add(c.id() + " (" + c.definition().source() + ")"));
    return String.join(" and ", out);
  }

  private static String ids(List<Capability> caps) {
    List<String> out = new ArrayList<>();
    caps.forEach(c -> out.add(c.id()));
    return String.join(", ", out);
  }

  private static DefinitionProblem problem(Capability c, String method, String message) {
    return new DefinitionProblem(c.definition().source(), 0, 0, "commands." + method, c.id(), message);
  }
}
