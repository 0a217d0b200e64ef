package dev.converge.engine.report;

import dev.converge.engine.model.NodeValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Measuring and shortening text the way {@link TwinLimits} counts it: in UTF-8 bytes, never splitting a character.
 *
 * <p>An unpaired surrogate has no UTF-8 form; it is counted as 3 bytes, the most any BMP character takes, so the
 * count never falls below what a serialiser could send for it.
 */
final class TwinText {

  /** The shortest summary value: anything this small is cheaper to keep than to describe. */
  static final int SUMMARY_THRESHOLD_BYTES = 64;

  private static final int SUMMARY_PREFIX_BYTES = 40;

  private TwinText() {}

  static int utf8Length(String s) {
    int n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes that does not split a surrogate pair. */
  static String prefix(String s, int maxBytes) {
    int n = 0;
    int len = s.length();
    int i = 0;
    while (i < len) {
      char c = s.charAt(i);
      int width;
      int chars = 1;
      if (c < 0x80) {
        width = 1;
      } else if (c < 0x800) {
        width = 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        width = 4;
        chars = 2;
      } else {
        width = 3;
      }
      if (n + width > maxBytes) {
        break;
      }
      n += width;
      i += chars;
    }
    return i == len ? s : s.substring(0, i);
  }

  /**
   * {@code s} itself when it fits in {@code maxBytes}; otherwise its longest prefix followed by a visible
   * {@code "…[truncated N bytes]"}, the whole at most {@code maxBytes}.
   */
  static String truncate(String s, int maxBytes) {
    int total = utf8Length(s);
    return total <= maxBytes ? s : truncated(s, total, maxBytes);
  }

  private static String truncated(String s, long total, int maxBytes) {
    // N is at most total, so a suffix sized for total is never too small.
    int room = maxBytes - utf8Length(truncationSuffix(total));
    String head = prefix(s, Math.max(room, 0));
    return head + truncationSuffix(total - utf8Length(head));
  }

  private static String truncationSuffix(long droppedBytes) {
    return "…[truncated " + droppedBytes + " bytes]";
  }

  /** At most {@code maxChars} code points: longer text keeps its first ones and ends with "…". */
  static String shorten(String s, int maxChars) {
    if (s.codePointCount(0, s.length()) <= maxChars) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, maxChars - 1)) + "…";
  }

  /**
   * A short human description standing in for a large value (at most about 70 bytes); small values and scalars
   * are returned as they are.
   */
  static NodeValue summary(NodeValue v) {
    if (TwinLimits.size(v) <= SUMMARY_THRESHOLD_BYTES) {
      return v;
    }
    if (v instanceof NodeValue.Text t) {
      return NodeValue.of(prefix(t.value(), SUMMARY_PREFIX_BYTES) + "… (" + utf8Length(t.value()) + " bytes)");
    }
    if (v instanceof NodeValue.Obj o) {
      return NodeValue.of("(object with " + o.fields().size() + " keys, " + TwinLimits.size(o) + " bytes)");
    }
    if (v instanceof NodeValue.Seq s) {
      return NodeValue.of("(list of " + s.items().size() + " items, " + TwinLimits.size(s) + " bytes)");
    }
    return v;
  }

  /**
   * The compact JSON text of {@code v}, truncated like {@link #truncate} to {@code maxBytes}. Written here rather
   * than by Jackson so that neither depth (Jackson refuses to write past 1000 levels) nor size is a problem: the
   * text is only built up to the budget, the rest is just counted.
   */
  static String json(NodeValue v, int maxBytes) {
    BoundedJson out = new BoundedJson(maxBytes);
    out.value(v);
    String text = out.text.toString();
    return out.total <= maxBytes ? text : truncated(text, out.total, maxBytes);
  }

  private static final class BoundedJson {
    final StringBuilder text = new StringBuilder();
    final int keep;
    long total;

    BoundedJson(int maxBytes) {
      // Keeping every char is enough, as each is at least one byte; a little extra lets truncate() cut cleanly.
      this.keep = maxBytes + 2;
    }

    void raw(String s) {
      total += utf8Length(s);
      if (text.length() < keep) {
        text.append(s, 0, Math.min(s.length(), keep - text.length() + 1));
      }
    }

    void value(NodeValue v) {
      if (v instanceof NodeValue.Text t) {
        string(t.value());
      } else if (v instanceof NodeValue.Num n) {
        raw(number(n.value()));
      } else if (v instanceof NodeValue.Bool b) {
        raw(b.value() ? "true" : "false");
      } else if (v instanceof NodeValue.Seq s) {
        raw("[");
        List<NodeValue> items = s.items();
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            raw(",");
          }
          value(items.get(i));
        }
        raw("]");
      } else if (v instanceof NodeValue.Obj o) {
        raw("{");
        boolean first = true;
        for (Map.Entry<String, NodeValue> e : o.fields().entrySet()) {
          if (!first) {
            raw(",");
          }
          first = false;
          string(e.getKey());
          raw(":");
          value(e.getValue());
        }
        raw("}");
      } else {
        raw("null");
      }
    }

    void string(String s) {
      StringBuilder b = new StringBuilder(s.length() + 2).append('"');
      int len = s.length();
      for (int i = 0; i < len; i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20) {
          switch (c) {
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            default -> b.append(String.format("\\u%04x", (int) c));
          }
        } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
          b.append(c).append(s.charAt(++i));
        } else if (Character.isSurrogate(c)) {
          b.append(String.format("\\u%04x", (int) c)); // unpaired: escaped, so the text stays valid UTF-8
        } else {
          b.append(c);
        }
        if (b.length() >= 4096) {
          // Flush in chunks: raw() keeps only what fits the budget and just counts the rest.
          raw(b.toString());
          b.setLength(0);
        }
      }
      b.append('"');
      raw(b.toString());
    }

    private static String number(BigDecimal d) {
      // Integers in plain digits as JSON writers do; huge exponents stay in E notation rather than millions of 0s.
      return d.scale() <= 0 && d.precision() - d.scale() <= 40 ? d.toPlainString() : d.toString();
    }
  }
}
