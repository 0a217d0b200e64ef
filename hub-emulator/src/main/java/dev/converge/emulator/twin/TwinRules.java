package dev.converge.emulator.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * IoT Hub's rules for tags and properties, as published in MicrosoftDocs/azure-docs
 * {@code articles/iot-hub/iot-hub-devguide-device-twins.md} ("Tags and properties format", "Device twin size").
 *
 * <p>Where the page is silent or ambiguous, this class makes one documented choice, listed here so the emulator and
 * its tests agree on a single reading:
 *
 * <ul>
 *   <li><b>Control characters.</b> "C0 and C1" is read as Unicode general category Cc: U+0000–U+001F and
 *       U+007F–U+009F. That includes DEL, as .NET's {@code char.IsControl} (which the hub, a .NET service, most
 *       likely uses) and Java's {@link Character#isISOControl} do.
 *   <li><b>Lengths.</b> "1 KB" keys and "4 KB" strings are UTF-8 byte counts of the whole text (1024 and 4096), as
 *       Azure/iotedge's {@code ReportedPropertiesValidator} ("taken from IoTHub") counts them. A lone surrogate cannot
 *       be UTF-8 encoded and is rejected.
 *   <li><b>Empty keys</b> are rejected; the hub's behaviour is unverified.
 *   <li><b>Depth</b> counts nested object values below the section root: the page's valid example nests objects
 *       {@code one} to {@code ten}, so ten levels are accepted and an eleventh object is rejected. An array does not
 *       add a level; an object inside an array does.
 *   <li><b>Arrays</b> are allowed (the current page: "Arrays are also supported"). An array element may not be
 *       {@code null}, as in iotedge's validator ("Arrays cannot contain 'null' as value"). Strings, integers and keys
 *       inside arrays obey the same rules as elsewhere.
 *   <li><b>Integers</b> are checked against −2^52..2^52−1 only when written as integers; a number with a fraction or
 *       exponent is a double, which must be finite.
 *   <li><b>{@code null}</b> as a member value means "delete" in patches; a replacement document is applied as a
 *       patch onto an empty section, so its nulls simply leave nothing behind.
 * </ul>
 *
 * <p>Size, per the page: for each property, the length of its key plus the length of its value; keys and strings are
 * UTF-8 strings whose length counts every character except the Cc controls above, so the size of a string is its
 * UTF-8 byte count after removing control characters (é counts 2, € 3, an emoji 4, U+0085 0); numbers count 8 and
 * booleans 4; a nested object counts the sum of its own members. The page says nothing of arrays; an array counts the
 * sum of its elements' sizes (no keys). Read-only members ({@code $version}, {@code $metadata}) never reach this
 * class, so they never count.
 */
final class TwinRules {

  static final int MAX_DEPTH = 10;
  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_STRING_BYTES = 4096;
  static final long MIN_INTEGER = -4_503_599_627_370_496L;
  static final long MAX_INTEGER = 4_503_599_627_370_495L;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final BigInteger MIN_BIG = BigInteger.valueOf(MIN_INTEGER);
  private static final BigInteger MAX_BIG = BigInteger.valueOf(MAX_INTEGER);

  private TwinRules() {}

  /** Either a checked, normalised copy of an update document, or the first rule it breaks (in document order). */
  record Checked(@Nullable ObjectNode document, @Nullable TwinError error) {}

  /**
   * Checks {@code update} (a patch, or a replacement) for {@code section} and returns a normalised copy that the caller
   * owns: integers as {@code long}, other numbers as {@code double}. {@code null} member values are kept, because
   * they mean "delete".
   */
  static Checked check(TwinSection section, JsonNode update) {
    if (!update.isObject()) {
      return new Checked(
          null,
          TwinError.invalidArgument(
              section.pointer(), "must be a JSON object, not " + update.getNodeType().name().toLowerCase()));
    }
    Walk walk = new Walk();
    ObjectNode copy = walk.object(update, section.pointer(), 0);
    return walk.error == null ? new Checked(copy, null) : new Checked(null, walk.error);
  }

  /** The size of a stored section, as defined on the class. */
  static long size(ObjectNode section) {
    long total = 0;
    for (Map.Entry<String, JsonNode> e : section.properties()) {
      total += stringSize(e.getKey()) + valueSize(e.getValue());
    }
    return total;
  }

  static long valueSize(JsonNode value) {
    if (value.isObject()) {
      return size((ObjectNode) value);
    }
    if (value.isArray()) {
      long total = 0;
      for (JsonNode element : value) {
        total += valueSize(element);
      }
      return total;
    }
    if (value.isTextual()) {
      return stringSize(value.textValue());
    }
    if (value.isNumber()) {
      return 8;
    }
    if (value.isBoolean()) {
      return 4;
    }
    // A null in an update deletes instead of being stored; one can only remain inside an array element, where it
    // counts nothing (the documented rule is silent on it).
    return 0;
  }

  /** UTF-8 byte count of {@code text} without its control characters. */
  static long stringSize(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!isControl(cp)) {
        bytes += utf8Length(cp);
      }
    }
    return bytes;
  }

  private static boolean isControl(int cp) {
    return Character.isISOControl(cp);
  }

  private static int utf8Length(int cp) {
    if (cp < 0x80) {
      return 1;
    }
    if (cp < 0x800) {
      return 2;
    }
    return cp < 0x10000 ? 3 : 4;
  }

  /** Full UTF-8 byte count, or -1 if {@code text} holds a lone surrogate and so has no UTF-8 form. */
  private static long utf8Bytes(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.getType(cp) == Character.SURROGATE) {
        return -1;
      }
      i += Character.charCount(cp);
      bytes += utf8Length(cp);
    }
    return bytes;
  }

  /** JSON pointer (RFC 6901) of {@code key} under {@code parent}. */
  static String child(String parent, String key) {
    return parent + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  /** One validating copy; stops at the first error. */
  private static final class Walk {
    private @Nullable TwinError error;

    /** Copies an object whose own nesting level is {@code depth} (0 for the section root). */
    ObjectNode object(JsonNode source, String path, int depth) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : source.properties()) {
        String key = e.getKey();
        String at = child(path, key);
        String keyProblem = keyProblem(key);
        if (keyProblem != null) {
          fail(at, keyProblem);
          return out;
        }
        JsonNode value = e.getValue();
        JsonNode copy = value.isNull() ? NODES.nullNode() : value(value, at, depth);
        if (error != null) {
          return out;
        }
        out.set(key, copy);
      }
      return out;
    }

    private JsonNode value(JsonNode value, String at, int parentDepth) {
      if (value.isObject()) {
        if (parentDepth + 1 > MAX_DEPTH) {
          fail(at, "objects may nest at most " + MAX_DEPTH + " levels deep");
          return NODES.nullNode();
        }
        return object(value, at, parentDepth + 1);
      }
      if (value.isArray()) {
        ArrayNode out = NODES.arrayNode(value.size());
        int index = 0;
        for (JsonNode element : value) {
          String elementAt = at + "/" + index++;
          if (element.isNull()) {
            fail(elementAt, "arrays cannot contain null");
            return out;
          }
          out.add(value(element, elementAt, parentDepth));
          if (error != null) {
            return out;
          }
        }
        return out;
      }
      if (value.isTextual()) {
        long bytes = utf8Bytes(value.textValue());
        if (bytes < 0) {
          fail(at, "string is not valid Unicode (lone surrogate)");
        } else if (bytes > MAX_STRING_BYTES) {
          fail(at, "string of " + bytes + " UTF-8 bytes exceeds the maximum of " + MAX_STRING_BYTES);
        }
        return value;
      }
      if (value.isBoolean()) {
        return value;
      }
      if (value.isIntegralNumber()) {
        BigInteger big = value.bigIntegerValue();
        if (big.compareTo(MIN_BIG) < 0 || big.compareTo(MAX_BIG) > 0) {
          fail(at, "integer " + big + " is outside " + MIN_INTEGER + ".." + MAX_INTEGER);
          return NODES.nullNode();
        }
        return NODES.numberNode(big.longValue());
      }
      if (value.isNumber()) {
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
          fail(at, "number " + value.asText() + " is not finite");
          return NODES.nullNode();
        }
        return NODES.numberNode(d);
      }
      fail(at, "values must be JSON booleans, numbers, strings, objects or arrays, not " + value.getNodeType());
      return NODES.nullNode();
    }

    private void fail(String path, String message) {
      if (error == null) {
        error = TwinError.invalidArgument(path, message);
      }
    }
  }

  /** Why {@code key} is not a valid twin key, or {@code null} if it is. */
  static @Nullable String keyProblem(String key) {
    if (key.isEmpty()) {
      return "keys must not be empty";
    }
    long bytes = utf8Bytes(key);
    if (bytes < 0) {
      return "key is not valid Unicode (lone surrogate)";
    }
    if (bytes > MAX_KEY_BYTES) {
      return "key of " + bytes + " UTF-8 bytes exceeds the maximum of " + MAX_KEY_BYTES;
    }
    for (int i = 0; i < key.length(); ) {
      int cp = key.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '.' || cp == '$' || cp == ' ' || isControl(cp)) {
        return String.format("key contains U+%04X; keys may not contain '.', '$', space or control characters", cp);
      }
    }
    return null;
  }
}
