package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path into a JSON document, written either as a JSON pointer ({@code /files/__errors/motd~1content}) or dotted
 * ({@code files.__errors.motd/content}). Dotted paths are the readable form: twin keys cannot contain '.', so the
 * dot is a safe separator, while '/' (which the engine uses in {@code __errors} and {@code __drift} keys) needs no
 * escaping there.
 */
public record ReportedPath(List<String> segments) {

  public ReportedPath {
    segments = List.copyOf(segments);
    for (String s : segments) {
      Objects.requireNonNull(s, "segment");
    }
  }

  /**
   * Reads a pointer (starting with '/') or a dotted path.
   *
   * @throws IllegalArgumentException for an empty path or an empty dotted segment
   */
  public static ReportedPath parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a path names at least one key");
    }
    List<String> segments = new ArrayList<>();
    if (text.startsWith("/")) {
      for (String raw : text.substring(1).split("/", -1)) {
        segments.add(raw.replace("~1", "/").replace("~0", "~"));
      }
      return new ReportedPath(segments);
    }
    for (String s : text.split("\\.", -1)) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("'" + text + "' has an empty segment; write a dotted path such as"
            + " files.__errors or a JSON pointer such as /files/__errors");
      }
      segments.add(s);
    }
    return new ReportedPath(segments);
  }

  /** A path below this one. */
  public ReportedPath child(String key) {
    List<String> out = new ArrayList<>(segments);
    out.add(key);
    return new ReportedPath(out);
  }

  /** The JSON pointer, with '~' and '/' escaped. */
  public String pointer() {
    StringBuilder b = new StringBuilder();
    for (String s : segments) {
      b.append('/').append(escape(s));
    }
    return b.toString();
  }

  /** The value at this path; a {@link MissingNode} when there is none. Array indexes are decimal segments. */
  public JsonNode find(JsonNode document) {
    JsonNode at = document;
    for (String s : segments) {
      if (at.isObject()) {
        at = at.path(s);
      } else if (at.isArray() && s.matches("0|[1-9][0-9]{0,8}")) {
        at = at.path(Integer.parseInt(s));
      } else {
        return MissingNode.getInstance();
      }
      if (at.isMissingNode()) {
        return at;
      }
    }
    return at;
  }

  /** One pointer segment: '~' as {@code ~0}, '/' as {@code ~1}. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  @Override
  public String toString() {
    return pointer();
  }
}
