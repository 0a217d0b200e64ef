package dev.converge.tpm;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An {@link HmacSigner} with the key in memory (javax.crypto {@code HmacSHA256}): for identities given as a
 * connection string with {@code SharedAccessKey}, and for tests. Use the TPM signer when a TPM is present.
 *
 * <p>Keys must be 16 to 64 bytes, the range IoT Hub accepts for symmetric keys and Limpet's {@code StoreHmacKey}
 * imports (original-agent.md §5.3), so a key accepted here can also be moved into a TPM slot. Thread-safe: each call
 * uses its own {@link Mac}.
 */
public final class SoftwareHmacSigner implements HmacSigner {

  private static final String ALGORITHM = "HmacSHA256";
  static final int MIN_KEY_BYTES = 16;
  static final int MAX_KEY_BYTES = 64;

  private final SecretKeySpec key;

  private SoftwareHmacSigner(byte[] key) {
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "key must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
  }

  /** A signer with a copy of {@code key}; the caller may wipe its array afterwards. */
  public static SoftwareHmacSigner of(byte[] key) {
    Objects.requireNonNull(key, "key");
    return new SoftwareHmacSigner(key);
  }

  /**
   * A signer for a key as written in a connection string ({@code SharedAccessKey=}): standard Base64.
   *
   * @throws IllegalArgumentException if the text is not Base64 or the key has the wrong length; the message never
   *     includes the key
   */
  public static SoftwareHmacSigner fromBase64(String base64Key) {
    Objects.requireNonNull(base64Key, "base64Key");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64Key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the shared access key is not valid Base64");
    }
    try {
      return new SoftwareHmacSigner(decoded);
    } finally {
      Arrays.fill(decoded, (byte) 0);
    }
  }

  @Override
  public byte[] sign(byte[] data) {
    Objects.requireNonNull(data, "data");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      // Every Java SE runtime must provide HmacSHA256, and the key was checked: this is a broken JRE.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "SoftwareHmacSigner[key=<redacted>]";
  }
}
