package dev.converge.emulator.wire;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code name=value&...} parameters, percent- and form-decoded ({@code +} is a space, as the SDKs' encoders write
 * it). The first occurrence of a repeated name wins; a name without {@code =} has the empty value; text with a broken
 * escape is kept as sent rather than refused, as the hub has no reason to refuse it.
 */
public final class QueryString {

  private QueryString() {}

  /** The parameters of {@code query} (without its leading {@code ?}, if any), in order. */
  public static Map<String, String> parse(String query) {
    String text = query.startsWith("?") ? query.substring(1) : query;
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.putIfAbsent(decode(name), decode(value));
    }
    return parameters;
  }

  /** The parameters after the {@code ?} of an MQTT topic or URL, or none. */
  public static Map<String, String> of(String topic) {
    int question = topic.indexOf('?');
    return question < 0 ? new LinkedHashMap<>() : parse(topic.substring(question + 1));
  }

  /** Form-decodes {@code text}, or returns it as sent when an escape is broken. */
  public static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
