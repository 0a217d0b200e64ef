package dev.converge.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jspecify.annotations.Nullable;

/** JSON as it appears in failure messages: compact, and cut when long so a message stays readable. */
final class JsonText {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Values longer than this are cut in messages. */
  static final int MAX_VALUE_CHARS = 300;
  /** Whole documents (the reported twin, journal lines) are cut at this length. */
  static final int MAX_DOCUMENT_CHARS = 6000;

  private JsonText() {}

  /** A value in compact JSON, cut at {@link #MAX_VALUE_CHARS}; {@code null} reads "missing". */
  static String of(@Nullable JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "missing";
    }
    return cut(compact(value), MAX_VALUE_CHARS);
  }

  /** A whole document in compact JSON, cut at {@link #MAX_DOCUMENT_CHARS}. */
  static String document(JsonNode value) {
    return cut(compact(value), MAX_DOCUMENT_CHARS);
  }

  /** A string as a JSON string literal, cut at {@link #MAX_VALUE_CHARS}. */
  static String quote(String text) {
    return of(TextNode.valueOf(text));
  }

  private static String compact(JsonNode value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a JSON tree", e);
    }
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " characters)";
  }
}
