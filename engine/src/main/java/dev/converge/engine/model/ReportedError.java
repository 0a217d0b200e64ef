package dev.converge.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error object as reported in {@code __errors} and in 400 method responses. It keeps the original agent's
 * fields; unlike that agent, {@code parameters} always carries what a person needs to act (node, value, file).
 */
public record ReportedError(ErrorCode code, String context, String message, Map<String, String> parameters) {

  public ReportedError {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(message, "message");
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public static ReportedError of(ErrorCode code, String context, String message) {
    return new ReportedError(code, context, message, Map.of());
  }

  public static ReportedError of(ErrorCode code, String context, String message, Map<String, String> parameters) {
    return new ReportedError(code, context, message, parameters);
  }

  public ReportedError withParameter(String name, String value) {
    LinkedHashMap<String, String> p = new LinkedHashMap<>(parameters);
    p.put(name, value);
    return new ReportedError(code, context, message, p);
  }

  /** The twin form: {@code {subsystem, context, code, message, parameters}}. */
  public NodeValue.Obj toValue() {
    LinkedHashMap<String, NodeValue> params = new LinkedHashMap<>();
    parameters.forEach((k, v) -> params.put(k, NodeValue.of(v)));
    LinkedHashMap<String, NodeValue> f = new LinkedHashMap<>();
    f.put("subsystem", NodeValue.of(code.subsystem().wireName()));
    f.put("context", NodeValue.of(context));
    f.put("code", NodeValue.of(code.number()));
    f.put("message", NodeValue.of(message));
    f.put("parameters", NodeValue.object(params));
    return NodeValue.object(f);
  }

  @Override
  public String toString() {
    return code.number() + " " + context + ": " + message + (parameters.isEmpty() ? "" : " " + parameters);
  }
}
