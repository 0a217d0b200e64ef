package dev.converge.engine.definition;

import dev.converge.engine.model.NodePath;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node path with placeholders, as written in a capability definition: {@code ./Files{path}/Content}. The item's
 * key and the values of its properties fill the placeholders.
 */
public record NodeTemplate(String text) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

  public NodeTemplate {
    Objects.requireNonNull(text, "text");
  }

  public Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /**
   * Fills the placeholders.
   *
   * @throws IllegalArgumentException naming the placeholder when a value is missing or the result is no node path
   */
  public NodePath resolve(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) {
        throw new IllegalArgumentException("no value for {" + m.group(1) + "} in node " + text);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return NodePath.of(out.toString());
  }

  @Override
  public String toString() {
    return text;
  }
}
