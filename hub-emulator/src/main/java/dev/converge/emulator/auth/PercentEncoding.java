package dev.converge.emulator.auth;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Percent-decoding as the SDKs' encoders require. Java's SDKs encode with {@link URLEncoder} (space as {@code +}),
 * Node's with {@code encodeURIComponent} (space as {@code %20}, {@code +} as {@code %2B}); form decoding reads both.
 * Hand-made tokens sometimes leave a base64 {@code +} unencoded, so {@link #decodeStrict} keeps {@code +} literal where
 * a space can never be meant.
 */
final class PercentEncoding {

  private PercentEncoding() {}

  /** Form decoding ({@code +} is a space); empty when an escape is broken. */
  static Optional<String> decodeForm(String text) {
    try {
      return Optional.of(URLDecoder.decode(text, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Only {@code %XX} escapes are decoded; {@code +} stays {@code +}. Empty when an escape is broken. */
  static Optional<String> decodeStrict(String text) {
    return decodeForm(text.replace("+", "%2B"));
  }

  /** Form encoding, as the Java SDKs send {@code sig}. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
