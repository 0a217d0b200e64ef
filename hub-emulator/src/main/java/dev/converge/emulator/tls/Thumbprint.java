package dev.converge.emulator.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A certificate thumbprint as IoT Hub shows and stores it for X.509 self-signed devices: the SHA-1 (40 hex digits) or
 * SHA-256 (64 hex digits) of the DER certificate, upper case. Parsing ignores case and {@code :} or space separators,
 * so values pasted from {@code openssl x509 -fingerprint} or the portal compare equal.
 *
 * @param hex upper-case hex digits, 40 or 64 of them
 */
public record Thumbprint(String hex) {

  private static final Pattern HEX = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");

  public Thumbprint {
    Objects.requireNonNull(hex, "hex");
    hex = hex.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
    if (!HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("a thumbprint is 40 (SHA-1) or 64 (SHA-256) hex digits: '" + hex + "'");
    }
  }

  /** The SHA-1 thumbprint IoT Hub's portal and {@code az iot hub device-identity} use by default. */
  public static Thumbprint sha1(X509Certificate certificate) {
    return of("SHA-1", certificate);
  }

  /** The SHA-256 thumbprint. */
  public static Thumbprint sha256(X509Certificate certificate) {
    return of("SHA-256", certificate);
  }

  /** Whether {@code text} is this thumbprint, ignoring case and separators; false if it is no thumbprint at all. */
  public boolean matches(String text) {
    try {
      return equals(new Thumbprint(text));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code certificate} has this thumbprint, in this thumbprint's algorithm. */
  public boolean matches(X509Certificate certificate) {
    return equals(isSha1() ? sha1(certificate) : sha256(certificate));
  }

  /** Whether this is a SHA-1 thumbprint (else SHA-256). */
  public boolean isSha1() {
    return hex.length() == 40;
  }

  private static Thumbprint of(String algorithm, X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
      return new Thumbprint(HexFormat.of().withUpperCase().formatHex(digest));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      // Both digests are mandatory in every JDK, and a parsed certificate always re-encodes.
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
