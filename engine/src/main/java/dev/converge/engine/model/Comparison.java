package dev.converge.engine.model;

import java.util.Locale;

/**
 * How a property's desired and actual values are compared (DSC's synthetic test: equality by default; anything
 * else is declared per property in the capability YAML, never special-cased in engine code).
 */
public enum Comparison {
  EQUALS("equals"),
  /** Text compared without regard to case (host names, hex thumbprints). */
  IGNORE_CASE("ignoreCase"),
  /** Actual satisfies desired when it is the same or a newer semantic version. */
  SEMVER_AT_LEAST("semverAtLeast");

  private final String yamlName;

  Comparison(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  public static Comparison parse(String text) {
    for (Comparison c : values()) {
      if (c.yamlName.equals(text)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown comparison '" + text + "'");
  }

  /** Whether {@code actual} satisfies {@code desired}. An absent actual never satisfies a present desired. */
  public boolean matches(NodeValue desired, NodeValue actual) {
    if (this == EQUALS || desired.isAbsent() || actual.isAbsent()) {
      return desired.equals(actual);
    }
    if (desired instanceof NodeValue.Text d && actual instanceof NodeValue.Text a) {
      if (this == IGNORE_CASE) {
        return d.value().toLowerCase(Locale.ROOT).equals(a.value().toLowerCase(Locale.ROOT));
      }
      if (InterfaceVersion.isValid(d.value()) && InterfaceVersion.isValid(a.value())) {
        return InterfaceVersion.parse(a.value()).compareTo(InterfaceVersion.parse(d.value())) >= 0;
      }
    }
    return desired.equals(actual);
  }
}
