package dev.converge.agent.identity;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Name=Value;...} parts of an IoT Hub connection string, names compared ignoring case as the SDKs do. Values
 * may contain {@code =} (base64 keys end with it); only the first {@code =} of a part separates.
 */
public final class ConnectionStringParts {

  private final Map<String, String> parts;
  private final String kind;

  private ConnectionStringParts(Map<String, String> parts, String kind) {
    this.parts = parts;
    this.kind = kind;
  }

  /**
   * Splits a connection string.
   *
   * @param kind what it is, for messages ("device connection string")
   * @throws IllegalArgumentException naming the malformed part (never echoing a key)
   */
  public static ConnectionStringParts parse(String text, String kind) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : text.trim().split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        String shown = part.length() > 24 ? part.substring(0, 24) + "..." : part;
        throw new IllegalArgumentException(kind + " part '" + shown + "' is not Name=Value");
      }
      String name = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      if (parts.put(name, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException(kind + " has " + part.substring(0, eq).trim() + " twice");
      }
    }
    return new ConnectionStringParts(parts, kind);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(parts.get(name.toLowerCase(Locale.ROOT))).filter(v -> !v.isEmpty());
  }

  /** @throws IllegalArgumentException saying which part is missing */
  public String required(String name) {
    return get(name).orElseThrow(() -> new IllegalArgumentException(kind + " has no " + name));
  }
}
