package dev.converge.engine.desired;

import dev.converge.engine.definition.CapabilityDefinition;
import dev.converge.engine.definition.DefinitionLoader;
import dev.converge.engine.definition.SchemaCompiler;
import dev.converge.engine.model.ErrorCode;
import dev.converge.engine.model.InterfaceVersion;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.ReportedError;
import dev.converge.engine.model.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a desired group before anything is applied: it must be an object, its {@code __meta} must be well-formed
 * and speak a compatible interface version, and the rest must satisfy the capability's JSON Schema.
 *
 * <p>Each violation becomes one error object keyed by the offending property, with the JSON pointer, the rule and
 * the value in {@code parameters}. Compiled schemas are kept per capability. Thread-safe.
 */
public final class DesiredValidator {

  private static final String META = "__meta";
  private static final SchemaCompiler.Compiled META_SCHEMA = SchemaCompiler.compile(
      (NodeValue.Obj) NodeValue.parse(DefinitionLoader.readBundledSchema("group-meta.schema.json")
          .orElseThrow(() -> new IllegalStateException("group-meta.schema.json missing from the class path"))),
      "group-meta.schema.json");

  private final Map<String, SchemaCompiler.Compiled> compiled = new ConcurrentHashMap<>();

  public ValidatedGroup validate(CapabilityDefinition capability, String group, long revision, NodeValue desired) {
    if (!(desired instanceof NodeValue.Obj obj)) {
      return new ValidatedGroup.Invalid(group, revision, GroupMeta.defaults(), List.of(ReportedError.of(
          ErrorCode.INVALID_JSON, group, "the desired group must be a JSON object, not " + desired.display(),
          Map.of("pointer", "", "value", abbreviate(desired.display())))));
    }
    NodeValue metaValue = obj.get(META);
    GroupMeta meta = GroupMeta.read(metaValue);
    Map<String, ReportedError> errors = new LinkedHashMap<>();
    if (metaValue.isPresent()) {
      for (Violation v : META_SCHEMA.validate(metaValue)) {
        add(errors, group, prefixed("/" + META, v));
      }
      String service = ((NodeValue.Obj) (metaValue instanceof NodeValue.Obj ? metaValue : NodeValue.Obj.empty()))
          .text("serviceInterfaceVersion").orElse(null);
      if (service != null && InterfaceVersion.isValid(service)
          && !capability.interfaceVersion().isCompatibleWith(InterfaceVersion.parse(service))) {
        errors.put(META, ReportedError.of(ErrorCode.INTERFACE_VERSION, META,
            "service interface version " + service + " is not supported: this device implements "
                + capability.id() + " " + capability.interfaceVersion() + " (same major version required)",
            Map.of("pointer", "/__meta/serviceInterfaceVersion", "value", service,
                "supported", capability.interfaceVersion().toString())));
      }
    }
    NodeValue.Obj properties = obj.without(META);
    SchemaCompiler.Compiled schema = compiled.computeIfAbsent(capability.id() + "@" + capability.source(),
        k -> SchemaCompiler.compile(capability.schema(), capability.schemaName()));
    for (Violation v : schema.validate(properties)) {
      add(errors, group, v);
    }
    if (!errors.isEmpty()) {
      return new ValidatedGroup.Invalid(group, revision, meta, new ArrayList<>(errors.values()));
    }
    return new ValidatedGroup.Valid(new DesiredState(group, revision, meta, properties));
  }

  private static Violation prefixed(String prefix, Violation v) {
    return new Violation(prefix + v.pointer(), v.rule(), v.value(), v.message());
  }

  /** One error per offending property; several rules broken by one property are joined into one message. */
  private static void add(Map<String, ReportedError> errors, String group, Violation v) {
    String key = v.pointer().isEmpty() ? group : v.pointer().substring(1);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("pointer", v.pointer());
    params.put("rule", v.rule());
    if (v.value().isPresent()) {
      params.put("value", abbreviate(v.value().display()));
    }
    ReportedError existing = errors.get(key);
    if (existing == null) {
      errors.put(key, ReportedError.of(ErrorCode.SCHEMA_VIOLATION, key, v.message(), params));
    } else {
      errors.put(key, ReportedError.of(ErrorCode.SCHEMA_VIOLATION, key, existing.message() + "; " + v.message(),
          existing.withParameter("rule", existing.parameters().get("rule") + ";" + v.rule()).parameters()));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 256 ? s : s.substring(0, 256) + "…";
  }
}
