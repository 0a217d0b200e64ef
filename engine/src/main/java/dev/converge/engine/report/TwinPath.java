package dev.converge.engine.report;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Where a value sits in a twin document, for messages a person reads: keys joined with '.', array items as
 * {@code [i]}, for example {@code files.__drift.motd} or {@code certificates.items[3]}.
 *
 * <p>Keys appear as the device meant them (decoded), with control characters shown as {@code \}{@code uXXXX} and
 * anything longer than 64 characters cut with "…", so that messages stay short and printable.
 */
record TwinPath(@Nullable TwinPath parent, String label, boolean isIndex) {

  static final TwinPath DOCUMENT = new TwinPath(null, "(document)", false);

  private static final int MAX_LABEL_CHARS = 64;

  TwinPath key(String key) {
    return new TwinPath(this, label(key), false);
  }

  TwinPath index(int index) {
    return new TwinPath(this, "[" + index + "]", true);
  }

  static String label(String key) {
    String shown = TwinText.shorten(key, MAX_LABEL_CHARS);
    StringBuilder b = null;
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (Character.isISOControl(c)) {
        if (b == null) {
          b = new StringBuilder(shown.substring(0, i));
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? shown : b.toString();
  }

  @Override
  public String toString() {
    if (parent == null) {
      return label;
    }
    Deque<TwinPath> chain = new ArrayDeque<>();
    for (TwinPath p = this; p.parent != null; p = p.parent) {
      chain.push(p);
    }
    StringBuilder b = new StringBuilder();
    for (TwinPath p : chain) {
      if (b.length() > 0 && !p.isIndex) {
        b.append('.');
      }
      b.append(p.label);
    }
    return b.toString();
  }
}
