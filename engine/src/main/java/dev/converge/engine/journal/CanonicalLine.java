package dev.converge.engine.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the canonical line form defined on {@link JournalEntry}. Writing is done here, character by
 * character, so that the form does not depend on a JSON library's choices; reading uses Jackson and then insists
 * that the line is exactly what writing the parsed entry gives back.
 */
final class CanonicalLine {

  /** What reading a line gave. */
  sealed interface Read permits Parsed, Unreadable {}

  /** The line is the canonical form of this entry (its hash is not checked yet). */
  record Parsed(JournalEntry entry) implements Read {}

  /** The line is not the canonical form of any entry. */
  record Unreadable(String reason) implements Read {}

  private static final JsonMapper READER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final HexFormat HEX = HexFormat.of();

  /** Integers with more digits than this are written in exponent form, so a line stays short. */
  private static final int MAX_PLAIN_INTEGER_DIGITS = 40;

  private CanonicalLine() {}

  static String render(JournalEntry e, boolean withHash) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"seq\":").append(e.seq());
    b.append(",\"time\":");
    string(b, e.time().toString());
    b.append(",\"kind\":");
    string(b, e.kind().wireName());
    b.append(",\"group\":");
    string(b, e.group());
    b.append(",\"item\":");
    nullableString(b, e.item());
    b.append(",\"property\":");
    nullableString(b, e.property());
    b.append(",\"node\":");
    nullableString(b, e.node());
    b.append(",\"operation\":");
    nullableString(b, e.operation());
    b.append(",\"before\":");
    value(b, e.before());
    b.append(",\"after\":");
    value(b, e.after());
    b.append(",\"desiredVersion\":").append(e.desiredVersion());
    b.append(",\"deploymentId\":");
    string(b, e.deploymentId());
    b.append(",\"intentSeq\":").append(e.intentSeq());
    b.append(",\"result\":");
    nullableString(b, e.result());
    b.append(",\"message\":");
    nullableString(b, e.message());
    b.append(",\"prevHash\":");
    string(b, e.prevHash());
    if (withHash) {
      b.append(",\"hash\":");
      string(b, e.hash());
    }
    return b.append('}').toString();
  }

  /** Reads a line: the entry it is the canonical form of, or why it is not one. Never throws. */
  static Read read(String line) {
    if (line.isEmpty()) {
      return new Unreadable("the line is empty");
    }
    JsonNode root;
    try {
      root = READER.readTree(line);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      return new Unreadable("not JSON: " + e.getOriginalMessage() + where);
    } catch (NumberFormatException e) {
      // Jackson reports a number it cannot represent (an exponent overflow) this way, not as a parse error.
      return new Unreadable("not JSON: a number out of range: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      return new Unreadable("not a JSON object");
    }
    JournalEntry entry;
    try {
      entry = new JournalEntry(
          longField(root, "seq"),
          instantField(root, "time"),
          JournalEntry.Kind.parse(stringField(root, "kind")),
          stringField(root, "group"),
          nullableStringField(root, "item"),
          nullableStringField(root, "property"),
          nullableStringField(root, "node"),
          nullableStringField(root, "operation"),
          valueField(root, "before"),
          valueField(root, "after"),
          longField(root, "desiredVersion"),
          stringField(root, "deploymentId"),
          longField(root, "intentSeq"),
          nullableStringField(root, "result"),
          nullableStringField(root, "message"),
          stringField(root, "prevHash"),
          stringField(root, "hash"));
    } catch (IllegalArgumentException e) {
      return new Unreadable("not a journal entry: " + e.getMessage());
    }
    String canonical = render(entry, true);
    if (!canonical.equals(line)) {
      return new Unreadable("not in canonical form (differs from the canonical line at column "
          + (firstDifference(canonical, line) + 1) + ")");
    }
    return new Parsed(entry);
  }

  /**
   * Whether the line could be the beginning of a JSON object cut off by the end of the input: it starts an object,
   * has no syntax error, and the input ends before the object closes. This tells a torn write (the end is missing)
   * from a damaged line (something inside is wrong).
   */
  static boolean isCutOffObject(String line) {
    if (line.isEmpty()) {
      return true;
    }
    return line.charAt(0) == '{' && new PrefixScan(line).value() == PrefixScan.END;
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HEX.formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  // --- writing ---

  private static void nullableString(StringBuilder b, @Nullable String s) {
    if (s == null) {
      b.append("null");
    } else {
      string(b, s);
    }
  }

  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20 || c > 0x7e) {
            b.append("\\u");
            String hex = Integer.toHexString(c);
            b.append("0".repeat(4 - hex.length())).append(hex);
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  private static void value(StringBuilder b, NodeValue v) {
    if (v instanceof NodeValue.Text t) {
      string(b, t.value());
    } else if (v instanceof NodeValue.Num n) {
      b.append(number(n.value()));
    } else if (v instanceof NodeValue.Bool bool) {
      b.append(bool.value());
    } else if (v instanceof NodeValue.Seq s) {
      b.append('[');
      for (int i = 0; i < s.items().size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        value(b, s.items().get(i));
      }
      b.append(']');
    } else if (v instanceof NodeValue.Obj o) {
      List<String> keys = new ArrayList<>(o.fields().keySet());
      keys.sort(null);
      b.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        string(b, keys.get(i));
        b.append(':');
        value(b, o.fields().get(keys.get(i)));
      }
      b.append('}');
    } else {
      b.append("null");
    }
  }

  private static String number(BigDecimal normalised) {
    if (normalised.scale() <= 0 && normalised.precision() - normalised.scale() <= MAX_PLAIN_INTEGER_DIGITS) {
      return normalised.toPlainString();
    }
    return normalised.toString();
  }

  // --- reading ---

  private static JsonNode member(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null) {
      throw new IllegalArgumentException("member '" + name + "' is missing");
    }
    return n;
  }

  private static long longField(JsonNode root, String name) {
    JsonNode n = member(root, name);
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException("member '" + name + "' must be an integer");
    }
    return n.longValue();
  }

  private static String stringField(JsonNode root, String name) {
    JsonNode n = member(root, name);
    if (!n.isTextual()) {
      throw new IllegalArgumentException("member '" + name + "' must be a string");
    }
    return n.textValue();
  }

  private static @Nullable String nullableStringField(JsonNode root, String name) {
    JsonNode n = member(root, name);
    if (n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw new IllegalArgumentException("member '" + name + "' must be a string or null");
    }
    return n.textValue();
  }

  private static Instant instantField(JsonNode root, String name) {
    String text = stringField(root, name);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("member '" + name + "' is not a UTC time: " + text);
    }
  }

  private static NodeValue valueField(JsonNode root, String name) {
    return NodeValue.fromJson(member(root, name));
  }

  private static int firstDifference(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  /**
   * A JSON syntax check that tells "ran out of input" from "wrong": each step returns {@link #OK} (a whole value
   * read), {@link #END} (the input ended inside it) or {@link #BAD} (a syntax error).
   */
  private static final class PrefixScan {
    static final int OK = 0;
    static final int END = 1;
    static final int BAD = 2;

    private final String s;
    private int i;

    PrefixScan(String s) {
      this.s = s;
    }

    private boolean atEnd() {
      return i >= s.length();
    }

    private void whitespace() {
      while (!atEnd() && " \t\n\r".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    int value() {
      if (atEnd()) {
        return END;
      }
      char c = s.charAt(i);
      if (c == '{') {
        return members('}', true);
      }
      if (c == '[') {
        return members(']', false);
      }
      if (c == '"') {
        return string();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        return number();
      }
      if (c == 't') {
        return literal("true");
      }
      if (c == 'f') {
        return literal("false");
      }
      if (c == 'n') {
        return literal("null");
      }
      return BAD;
    }

    /** An object ({@code named}: members are {@code "key":value}) or an array. */
    private int members(char close, boolean named) {
      i++;
      whitespace();
      if (atEnd()) {
        return END;
      }
      if (s.charAt(i) == close) {
        i++;
        return OK;
      }
      while (true) {
        if (named) {
          if (atEnd()) {
            return END;
          }
          if (s.charAt(i) != '"') {
            return BAD;
          }
          int key = string();
          if (key != OK) {
            return key;
          }
          whitespace();
          if (atEnd()) {
            return END;
          }
          if (s.charAt(i) != ':') {
            return BAD;
          }
          i++;
          whitespace();
        }
        int v = value();
        if (v != OK) {
          return v;
        }
        whitespace();
        if (atEnd()) {
          return END;
        }
        char c = s.charAt(i++);
        if (c == close) {
          return OK;
        }
        if (c != ',') {
          return BAD;
        }
        whitespace();
      }
    }

    private int string() {
      i++;
      while (true) {
        if (atEnd()) {
          return END;
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return OK;
        }
        if (c < 0x20) {
          return BAD;
        }
        if (c == '\\') {
          if (atEnd()) {
            return END;
          }
          char e = s.charAt(i++);
          if (e == 'u') {
            for (int k = 0; k < 4; k++) {
              if (atEnd()) {
                return END;
              }
              if (Character.digit(s.charAt(i++), 16) < 0) {
                return BAD;
              }
            }
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            return BAD;
          }
        }
      }
    }

    private int number() {
      if (s.charAt(i) == '-') {
        i++;
      }
      if (atEnd()) {
        return END;
      }
      if (s.charAt(i) == '0') {
        i++;
      } else if (!digits()) {
        return BAD;
      }
      if (!atEnd() && s.charAt(i) == '.') {
        i++;
        if (atEnd()) {
          return END;
        }
        if (!digits()) {
          return BAD;
        }
      }
      if (!atEnd() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (!atEnd() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        if (atEnd()) {
          return END;
        }
        if (!digits()) {
          return BAD;
        }
      }
      return atEnd() ? END : OK;
    }

    /** One or more digits. */
    private boolean digits() {
      int from = i;
      while (!atEnd() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      return i > from;
    }

    private int literal(String word) {
      for (int k = 0; k < word.length(); k++) {
        if (atEnd()) {
          return END;
        }
        if (s.charAt(i++) != word.charAt(k)) {
          return BAD;
        }
      }
      return OK;
    }
  }
}
