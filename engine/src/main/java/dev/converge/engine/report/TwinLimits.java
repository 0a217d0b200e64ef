package dev.converge.engine.report;

import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * IoT Hub's limits on a device twin's reported properties, measured the way Converge measures them, and the twin
 * key escaping that makes any string a legal key.
 *
 * <p>IoT Hub rejects a reported patch whose result breaks a limit (twins doc, "Device twin size", "Tags and
 * properties format"; see {@code shared/reference/iot-hub-rules.md}). Where the published rule leaves room for
 * doubt, every measure here is chosen so that it is never smaller than IoT Hub's:
 *
 * <ul>
 *   <li><b>Size</b> ({@link #size}): the sum over every object member of its key's length plus its value's length,
 *       as IoT Hub computes it; JSON punctuation does not count. Keys and strings count their <em>UTF-8 bytes</em>
 *       (IoT Hub says "UTF-8 characters excluding C0/C1 control characters"; bytes are never fewer, and control
 *       characters are counted too), numbers {@value #NUMBER_BYTES}, booleans {@value #BOOLEAN_BYTES}. Not
 *       covered by the rule, and counted conservatively: an array counts the sum of its items, and
 *       {@link NodeValue.Absent} (JSON {@code null}) counts {@value #NULL_BYTES}, the length of {@code null}.
 *       {@code $version} and {@code $metadata} are excluded by IoT Hub; the engine never holds them in a reported
 *       document (the hub adds them), so nothing is excluded here and a {@code $} key is simply illegal.
 *   <li><b>Depth</b> ({@link #depth}): the most keys (and array indices) on the path from the document to any value.
 *       A top-level property with a scalar value has depth 1, {@code {"a":{"b":1}}} depth 2, an empty object or
 *       array ends a path ({@code {"a":{}}} has depth 1). The limit is {@value #MAX_DEPTH}. IoT Hub's own example
 *       of the deepest valid document nests ten objects and then a scalar property, which is depth 11 here, so
 *       this is one level stricter than IoT Hub; and array indices count as levels, which IoT Hub may not do.
 *   <li><b>Keys</b>: at most {@value #MAX_KEY_BYTES} UTF-8 bytes, not empty, no control character (U+0000–U+001F,
 *       U+007F–U+009F), '.', '$' or space, and no unpaired surrogate (it has no UTF-8 form).
 *   <li><b>Strings</b>: at most {@value #MAX_STRING_BYTES} UTF-8 bytes.
 *   <li><b>Numbers</b>: within {@value #MIN_INTEGER}..{@value #MAX_INTEGER}. The rule names integers; any number
 *       outside that range is treated as a violation, since IoT Hub stores numbers as doubles or longs.
 * </ul>
 *
 * <p>Thread-safe: stateless.
 */
public final class TwinLimits {

  /** Most bytes of reported properties ({@link #size} of the whole document): 32 KB. */
  public static final long MAX_DOCUMENT_BYTES = 32L * 1024;

  /** Most levels ({@link #depth}). */
  public static final int MAX_DEPTH = 10;

  /** Most UTF-8 bytes in a key: 1 KB. */
  public static final int MAX_KEY_BYTES = 1024;

  /** Most UTF-8 bytes in a string value: 4 KB. */
  public static final int MAX_STRING_BYTES = 4 * 1024;

  /** Smallest number IoT Hub accepts: −2<sup>52</sup>. */
  public static final long MIN_INTEGER = -4_503_599_627_370_496L;

  /** Largest number IoT Hub accepts: 2<sup>52</sup> − 1. */
  public static final long MAX_INTEGER = 4_503_599_627_370_495L;

  /** What a number counts towards {@link #size}. */
  public static final int NUMBER_BYTES = 8;

  /** What a boolean counts towards {@link #size}. */
  public static final int BOOLEAN_BYTES = 4;

  /** What a JSON {@code null} ({@link NodeValue.Absent}) counts towards {@link #size}. */
  public static final int NULL_BYTES = 4;

  private static final BigDecimal MIN = BigDecimal.valueOf(MIN_INTEGER);
  private static final BigDecimal MAX = BigDecimal.valueOf(MAX_INTEGER);

  private TwinLimits() {}

  /** The size of {@code value} as IoT Hub counts it (see the class comment); for an object, keys included. */
  public static long size(NodeValue value) {
    if (value instanceof NodeValue.Text t) {
      return TwinText.utf8Length(t.value());
    }
    if (value instanceof NodeValue.Num) {
      return NUMBER_BYTES;
    }
    if (value instanceof NodeValue.Bool) {
      return BOOLEAN_BYTES;
    }
    if (value instanceof NodeValue.Seq s) {
      long n = 0;
      for (NodeValue item : s.items()) {
        n += size(item);
      }
      return n;
    }
    if (value instanceof NodeValue.Obj o) {
      long n = 0;
      for (Map.Entry<String, NodeValue> e : o.fields().entrySet()) {
        n += TwinText.utf8Length(e.getKey()) + size(e.getValue());
      }
      return n;
    }
    return NULL_BYTES;
  }

  /**
   * The most keys and array indices on a path from {@code document} to a value: 0 for an empty object, 1 when
   * every member is a scalar or empty (see the class comment).
   */
  public static int depth(NodeValue.Obj document) {
    int d = 0;
    for (NodeValue v : document.fields().values()) {
      d = Math.max(d, 1 + depthBelow(v));
    }
    return d;
  }

  private static int depthBelow(NodeValue v) {
    if (v instanceof NodeValue.Obj o) {
      return depth(o);
    }
    if (v instanceof NodeValue.Seq s) {
      int d = 0;
      for (NodeValue item : s.items()) {
        d = Math.max(d, 1 + depthBelow(item));
      }
      return d;
    }
    return 0;
  }

  /**
   * Every broken limit, one line each naming where: {@code "files.__drift.motd.actual: string of 5000 bytes
   * exceeds 4 KB"}. A subtree nested too deep is reported once, not looked into. Empty when the document is
   * within the limits.
   */
  public static List<String> violations(NodeValue.Obj document) {
    Check check = new Check(true);
    check.object(document, TwinPath.DOCUMENT, 1);
    if (check.size > MAX_DOCUMENT_BYTES) {
      check.problems.add(0, "(document): reported properties of " + check.size + " bytes exceed 32 KB");
    }
    return List.copyOf(check.problems);
  }

  /** Whether IoT Hub accepts {@code document} as reported properties: {@link #violations} is empty. One pass. */
  public static boolean isWithinLimits(NodeValue.Obj document) {
    Check check = new Check(false);
    return check.object(document, null, 1) && check.size <= MAX_DOCUMENT_BYTES;
  }

  /** Whether {@code key} may be used as a twin key as it is. */
  public static boolean isLegalKey(String key) {
    return keyProblem(key) == null;
  }

  /** Whether {@code number} is within {@link #MIN_INTEGER}..{@link #MAX_INTEGER}. */
  public static boolean isInRange(NodeValue.Num number) {
    BigDecimal d = number.value();
    return d.compareTo(MAX) <= 0 && d.compareTo(MIN) >= 0;
  }

  /**
   * A legal twin key for any string, reversibly ({@link #decodeKey}), and different for different strings (for
   * keys shortened as below, barring a collision of 64 bits of SHA-256).
   *
   * <p>A legal key is returned unchanged unless it contains something {@link #decodeKey} would read as an escape.
   * Otherwise '%', '.', '$', space and control characters become {@code %XX} ({@code "a.b"} → {@code "a%2Eb"}), an
   * unpaired surrogate {@code %uXXXX}, the empty key {@code "%_"}. When the result is longer than 1 KB it is
   * shortened deterministically: its first bytes, {@code %~} and 16 hex digits of its SHA-256; such a key can no
   * longer be decoded in full. Not idempotent: encoding an encoded key escapes its '%' again, so encode each key once.
   */
  public static String encodeKey(String key) {
    return KeyEncoding.encode(key);
  }

  /**
   * The string {@link #encodeKey} was given. Lenient: a key that was never encoded comes back unchanged unless it
   * happens to contain an escape. For a shortened key, the decoded prefix followed by "…#" and the hash.
   */
  public static String decodeKey(String key) {
    return KeyEncoding.decode(key);
  }

  /** What is wrong with {@code key} as a twin key, or {@code null} when nothing is. */
  static @Nullable String keyProblem(String key) {
    if (key.isEmpty()) {
      return "key is empty";
    }
    int bytes = 0;
    int len = key.length();
    for (int i = 0; i < len; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        if (c == '.' || c == '$' || c == ' ' || c <= 0x1F || c == 0x7F) {
          return "key contains " + describe(c);
        }
        bytes += 1;
      } else if (c < 0x800) {
        if (c <= 0x9F) {
          return "key contains " + describe(c);
        }
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(key.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        return "key contains an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase();
      } else {
        bytes += 3;
      }
    }
    return bytes <= MAX_KEY_BYTES ? null : "key of " + bytes + " bytes exceeds 1 KB";
  }

  private static String describe(char c) {
    if (c == ' ') {
      return "a space";
    }
    if (c == '.' || c == '$') {
      return "'" + c + "'";
    }
    return String.format("control character U+%04X", (int) c);
  }

  /** One pass over a document: its size, and either every problem or only whether there is one. */
  private static final class Check {
    final boolean collect;
    final List<String> problems = new ArrayList<>();
    long size;

    Check(boolean collect) {
      this.collect = collect;
    }

    /**
     * Checks the members of {@code o}, which sit at {@code level} (a top-level member is level 1). Unless
     * collecting, stops at the first problem, or as soon as the size is over the limit; {@code path} is then null.
     */
    boolean object(NodeValue.Obj o, @Nullable TwinPath path, int level) {
      boolean ok = true;
      for (Map.Entry<String, NodeValue> e : o.fields().entrySet()) {
        String key = e.getKey();
        TwinPath at = path == null ? null : path.key(key);
        String problem = keyProblem(key);
        size += TwinText.utf8Length(key);
        if (problem != null) {
          report(at, problem);
          ok = false;
        }
        ok &= value(e.getValue(), at, level);
        if (!collect && (!ok || size > MAX_DOCUMENT_BYTES)) {
          return false;
        }
      }
      return ok;
    }

    private boolean value(NodeValue v, @Nullable TwinPath at, int level) {
      if (v instanceof NodeValue.Text t) {
        int bytes = TwinText.utf8Length(t.value());
        size += bytes;
        if (bytes > MAX_STRING_BYTES) {
          report(at, "string of " + bytes + " bytes exceeds 4 KB");
          return false;
        }
        return true;
      }
      if (v instanceof NodeValue.Num n) {
        size += NUMBER_BYTES;
        if (!isInRange(n)) {
          report(at, "number " + n.value() + " is outside the twin integer range");
          return false;
        }
        return true;
      }
      if (v instanceof NodeValue.Obj o) {
        if (!o.isEmpty() && level >= MAX_DEPTH) {
          return tooDeep(v, at);
        }
        return object(o, at, level + 1);
      }
      if (v instanceof NodeValue.Seq s) {
        List<NodeValue> items = s.items();
        if (!items.isEmpty() && level >= MAX_DEPTH) {
          return tooDeep(v, at);
        }
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
          ok &= value(items.get(i), at == null ? null : at.index(i), level + 1);
          if (!ok && !collect) {
            return false;
          }
        }
        return ok;
      }
      size += TwinLimits.size(v);
      return true;
    }

    private boolean tooDeep(NodeValue v, @Nullable TwinPath at) {
      size += TwinLimits.size(v);
      report(at, "nested deeper than " + MAX_DEPTH + " levels");
      return false;
    }

    private void report(@Nullable TwinPath at, String problem) {
      if (collect) {
        problems.add(at + ": " + problem);
      }
    }
  }
}
