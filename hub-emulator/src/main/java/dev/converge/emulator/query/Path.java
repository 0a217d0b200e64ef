package dev.converge.emulator.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A property path such as {@code properties.reported.fan.speed} or {@code configurations.[[my-config]].status}.
 * Segments are matched case-sensitively, member by member from the twin's root.
 *
 * @param segments the property names, at least one, none empty
 */
record Path(List<String> segments) implements Operand {

  /** Words the parser treats as keywords, so a segment spelled like one is printed in brackets. */
  static final Set<String> RESERVED = Set.of("select", "from", "where", "and", "or", "not", "in", "nin", "as", "top",
      "true", "false", "null", "group", "order", "by");

  Path {
    segments = List.copyOf(segments);
    if (segments.isEmpty() || segments.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("a path has one or more non-empty segments: " + segments);
    }
  }

  @Override
  public @Nullable JsonNode resolve(ObjectNode twin) {
    JsonNode current = twin;
    for (String segment : segments) {
      if (!current.isObject()) {
        return null;
      }
      current = current.get(segment);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  /** A one-segment path, used to print an alias. */
  static Path ofName(String name) {
    return new Path(List.of(name));
  }

  /** The name a projection of this path gets: its last segment, as IoT Hub names projected properties. */
  String name() {
    return segments.get(segments.size() - 1);
  }

  /** Whether this is {@code configurations.<id>.status}, a twin's ADM status. */
  boolean isConfigurationStatus() {
    return segments.size() == 3 && segments.get(0).equals("configurations") && segments.get(2).equals("status");
  }

  /** The path as it would be written in a query; segments that are not plain words are bracketed. */
  @Override
  public String toString() {
    return segments.stream().map(Path::printSegment).collect(Collectors.joining("."));
  }

  private static String printSegment(String segment) {
    boolean word = Lexer.isWordStart(segment.charAt(0))
        && segment.chars().allMatch(c -> Lexer.isWordPart((char) c))
        && !RESERVED.contains(segment.toLowerCase(Locale.ROOT));
    return word ? segment : "[[" + segment + "]]";
  }
}
