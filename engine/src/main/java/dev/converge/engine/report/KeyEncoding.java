package dev.converge.engine.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The reversible escaping behind {@link TwinLimits#encodeKey} and {@link TwinLimits#decodeKey}.
 *
 * <p>Escapes are by UTF-16 code unit, not by UTF-8 byte: {@code %XX} (two hex digits) for '%', '.', '$', space and
 * every control character U+0000–U+001F, U+007F–U+009F; {@code %uXXXX} for an unpaired surrogate (it has no UTF-8
 * form); the whole key {@code %_} for the empty key. A key whose escaped form exceeds 1 KB becomes its escaped
 * prefix, {@code %~}, and 16 hex digits of the SHA-256 of the whole escaped key. None of these forms can occur
 * inside another, because an escaped key has no other '%'.
 */
final class KeyEncoding {

  static final String EMPTY_KEY = "%_";
  static final String SHORTENED_MARK = "%~";
  static final int HASH_CHARS = 16;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private KeyEncoding() {}

  /**
   * Whether {@code c} may not appear unescaped in a twin key, when it is not part of a surrogate pair. '%' counts:
   * it is the escape character.
   */
  static boolean isEscaped(char c) {
    return c == '%' || c == '.' || c == '$' || c == ' ' || c <= 0x1F || (c >= 0x7F && c <= 0x9F);
  }

  static String encode(String key) {
    if (TwinLimits.isLegalKey(key) && (key.indexOf('%') < 0 || decode(key).equals(key))) {
      return key;
    }
    if (key.isEmpty()) {
      return EMPTY_KEY;
    }
    int prefixBudget = TwinLimits.MAX_KEY_BYTES - SHORTENED_MARK.length() - HASH_CHARS;
    StringBuilder b = new StringBuilder(key.length() + 16);
    int bytes = 0;
    int cutChars = 0; // longest escaped prefix, at a token boundary, that fits prefixBudget
    int len = key.length();
    for (int i = 0; i < len; i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(key.charAt(i + 1))) {
        b.append(c).append(key.charAt(++i));
        bytes += 4;
      } else if (Character.isSurrogate(c)) {
        b.append("%u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
        bytes += 6;
      } else if (isEscaped(c)) {
        b.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
        bytes += 3;
      } else {
        b.append(c);
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
      if (bytes <= prefixBudget) {
        cutChars = b.length();
      }
    }
    if (bytes <= TwinLimits.MAX_KEY_BYTES) {
      return b.toString();
    }
    return b.substring(0, cutChars) + SHORTENED_MARK + sha256Hex(b.toString()).substring(0, HASH_CHARS);
  }

  /**
   * The key {@link #encode} was given. Lenient: a '%' that starts no escape is kept as it is. A shortened key gives
   * its decoded prefix followed by "…#" and its hash, since the rest of the original is gone.
   */
  static String decode(String key) {
    if (key.equals(EMPTY_KEY)) {
      return "";
    }
    if (key.indexOf('%') < 0) {
      return key;
    }
    if (isShortened(key)) {
      int mark = key.length() - SHORTENED_MARK.length() - HASH_CHARS;
      return unescape(key.substring(0, mark)) + "…#" + key.substring(mark + SHORTENED_MARK.length());
    }
    return unescape(key);
  }

  /** Whether {@code key} is a shortened form: it ends in {@code %~} and 16 lowercase hex digits. */
  static boolean isShortened(String key) {
    int mark = key.length() - SHORTENED_MARK.length() - HASH_CHARS;
    if (mark < 0 || !key.startsWith(SHORTENED_MARK, mark)) {
      return false;
    }
    for (int i = mark + SHORTENED_MARK.length(); i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int len = s.length();
    int i = 0;
    while (i < len) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 5 < len && s.charAt(i + 1) == 'u' && isHex(s, i + 2, 4)) {
          b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (i + 2 < len && isHex(s, i + 1, 2)) {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 3;
          continue;
        }
      }
      b.append(c);
      i++;
    }
    return b.toString();
  }

  private static boolean isHex(String s, int from, int count) {
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder(digest.length * 2);
      for (byte d : digest) {
        b.append(Character.forDigit((d >> 4) & 0xF, 16)).append(Character.forDigit(d & 0xF, 16));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
