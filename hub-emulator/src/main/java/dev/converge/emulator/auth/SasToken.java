package dev.converge.emulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A shared access signature as IoT Hub and DPS read it:
 * {@code SharedAccessSignature sr=<resource>&sig=<url-encoded base64>&se=<unix seconds>[&skn=<key name>]}, fields in
 * any order.
 *
 * <p>The signature covers {@code sr} <em>exactly as sent</em>: {@code Base64(HMAC-SHA256(key, sr + "\n" + se))}. SDKs
 * disagree on encoding {@code sr}: the Java device SDK sends {@code hub/devices/dev1} with only each path segment
 * URL-encoded, the Java service SDK and Node send it fully encoded ({@code hub%2Fdevices%2Fdev1}); each signs what it
 * sends, so re-encoding would break one of them. Only {@code sig} is URL-decoded before comparison.
 *
 * <p>{@link #toString()} hides the signature; {@link #text()} is the secret wire form.
 *
 * @param resourceAsSent {@code sr} exactly as in the token, still percent-encoded
 * @param signature {@code sig} after URL-decoding: Base64 text
 * @param expiryAsSent {@code se} exactly as in the token: decimal seconds since 1970
 * @param keyName {@code skn} after URL-decoding, or {@code null} when the token has none; may be empty (the Java DPS
 *     client sends {@code skn=})
 */
public record SasToken(String resourceAsSent, String signature, String expiryAsSent, @Nullable String keyName) {

  private static final String PREFIX = "SharedAccessSignature";
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,16}");

  public SasToken {
    Objects.requireNonNull(resourceAsSent, "resourceAsSent");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(expiryAsSent, "expiryAsSent");
    if (resourceAsSent.isEmpty() || PercentEncoding.decodeForm(resourceAsSent).isEmpty()) {
      throw new IllegalArgumentException("sr must be non-empty and correctly percent-encoded");
    }
    if (signature.isEmpty()) {
      throw new IllegalArgumentException("sig must not be empty");
    }
    if (!SECONDS.matcher(expiryAsSent).matches()) {
      throw new IllegalArgumentException("se must be whole seconds since 1970: '" + expiryAsSent + "'");
    }
  }

  /**
   * Signs {@code resourceAsSent} as the SDKs do. Pass the resource in the encoding the client under test would send:
   * {@code hub/devices/dev1} like the Java device SDK, or {@code hub%2Fdevices%2Fdev1} like the service SDK.
   *
   * @param key Base64 key
   * @param keyName {@code skn}, or {@code null} for device tokens
   */
  public static SasToken sign(String resourceAsSent, String key, Instant expiry, @Nullable String keyName) {
    String se = Long.toString(expiry.getEpochSecond());
    byte[] keyBytes = Base64.getDecoder().decode(key);
    return new SasToken(resourceAsSent, signatureOf(keyBytes, resourceAsSent, se), se, keyName);
  }

  /** Reads a token from a CONNECT password or an {@code Authorization} header. */
  public static SasTokenParse parse(String text) {
    String trimmed = text.strip();
    int space = trimmed.indexOf(' ');
    if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase(PREFIX)) {
      return malformed(PREFIX, "a SAS token starts with 'SharedAccessSignature ' followed by sr=, sig= and se=");
    }
    Map<String, String> fields = new HashMap<>();
    for (String pair : trimmed.substring(space + 1).strip().split("&", -1)) {
      if (pair.isEmpty()) {
        continue; // a stray '&', as the SDKs' own parsers tolerate
      }
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        String name = equals < 0 ? pair : "(empty)";
        return malformed(name, "field '" + name + "' has no name=value form");
      }
      String name = pair.substring(0, equals);
      if (!Field.isKnown(name)) {
        return malformed(name, "unknown field '" + name + "'; a SAS token has only sr, sig, se and skn");
      }
      if (fields.put(name, pair.substring(equals + 1)) != null) {
        return malformed(name, "field '" + name + "' appears more than once");
      }
    }
    for (String required : new String[] {Field.SR, Field.SIG, Field.SE}) {
      if (!fields.containsKey(required)) {
        return malformed(required, "field '" + required + "' is missing");
      }
    }
    String sr = fields.get(Field.SR);
    if (sr.isEmpty() || PercentEncoding.decodeForm(sr).isEmpty()) {
      return malformed(Field.SR, "field 'sr' is empty or has a broken %-escape");
    }
    String se = fields.get(Field.SE);
    if (!SECONDS.matcher(se).matches()) {
      return malformed(Field.SE, "field 'se' must be whole seconds since 1970, got '" + se + "'");
    }
    String sig = PercentEncoding.decodeStrict(fields.get(Field.SIG)).orElse("");
    if (sig.isEmpty()) {
      return malformed(Field.SIG, "field 'sig' is empty or has a broken %-escape");
    }
    try {
      Base64.getDecoder().decode(sig);
    } catch (IllegalArgumentException e) {
      return malformed(Field.SIG, "field 'sig' is not Base64 after URL-decoding");
    }
    String skn = null;
    if (fields.containsKey(Field.SKN)) {
      skn = PercentEncoding.decodeForm(fields.get(Field.SKN)).orElse(null);
      if (skn == null) {
        return malformed(Field.SKN, "field 'skn' has a broken %-escape");
      }
    }
    return new SasTokenParse.Parsed(new SasToken(sr, sig, se, skn));
  }

  /** {@code sr} URL-decoded, e.g. {@code localhub.azure-devices.net/devices/dev1}. */
  public String resource() {
    return PercentEncoding.decodeForm(resourceAsSent).orElseThrow();
  }

  /** When the token stops being valid ({@code se}). */
  public Instant expiry() {
    return Instant.ofEpochSecond(Long.parseLong(expiryAsSent));
  }

  /** Whether {@code key} (raw bytes) produced this token's signature; constant time in the signature's content. */
  boolean isSignedBy(byte[] key) {
    byte[] expected = signatureOf(key, resourceAsSent, expiryAsSent).getBytes(StandardCharsets.US_ASCII);
    // Compare the Base64 text, not the decoded bytes: Base64 has several spellings of the last bits, and a token
    // whose sig text differs from the hub's own computation must not pass.
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
  }

  /** The token as sent on the wire: a secret. */
  public String text() {
    return PREFIX
        + " sr=" + resourceAsSent
        + "&sig=" + PercentEncoding.encode(signature)
        + "&se=" + expiryAsSent
        + (keyName == null ? "" : "&skn=" + PercentEncoding.encode(keyName));
  }

  @Override
  public String toString() {
    return "SasToken[sr=" + resourceAsSent + ", se=" + expiryAsSent + ", skn=" + keyName + ", sig=<redacted>]";
  }

  private static String signatureOf(byte[] key, String resourceAsSent, String expiryAsSent) {
    return Base64.getEncoder().encodeToString(HmacSha256.of(key, resourceAsSent + "\n" + expiryAsSent));
  }

  private static SasTokenParse malformed(String field, String reason) {
    return new SasTokenParse.Malformed(field, "malformed SAS token: " + reason);
  }

  /** The field names, exactly as IoT Hub spells them. */
  private static final class Field {
    static final String SR = "sr";
    static final String SIG = "sig";
    static final String SE = "se";
    static final String SKN = "skn";

    static final Set<String> ALL = Set.of(SR, SIG, SE, SKN);

    static boolean isKnown(String name) {
      return ALL.contains(name);
    }
  }
}
