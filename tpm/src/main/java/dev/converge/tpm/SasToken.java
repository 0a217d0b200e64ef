package dev.converge.tpm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A SAS token: {@code SharedAccessSignature sr=<sr>&sig=<sig>&se=<expiry>}, without {@code skn} for a device or
 * module (a device token names no policy), with {@code &skn=<policy>} for a shared access policy such as {@code
 * iothubowner} ({@link #signForPolicy}).
 *
 * <p>What is signed, and how it is encoded, is this (iot-hub-rules.md, "SAS token" row):
 *
 * <ul>
 *   <li>{@code sr} is the resource URI ({@link SlotUri#resourceUri()}) URL-encoded as a whole, so its slashes become
 *       {@code %2F}: {@code myhub.azure-devices.net%2Fdevices%2Fdev1}.
 *   <li>The string to sign is {@code sr + "\n" + se}, exactly as {@code sr} appears in the token, UTF-8 encoded;
 *       {@code se} is the expiry in decimal seconds since the epoch.
 *   <li>{@code sig} is the Base64 HMAC-SHA256 of that string, URL-encoded ({@code + / =} become {@code %2B %2F
 *       %3D}).
 * </ul>
 *
 * <p>This is the documented form, and the one the Azure Java SDK uses when a TPM signs
 * ({@code IotHubSasTokenHardwareAuthenticationProvider}: {@code URLEncoder.encode(host/devices/id)}, sign
 * {@code encoded + "\n" + expiry}, {@code sr=encoded}), and the recipe proven against swtpm in tpm.md §6. Two other
 * forms exist and are deliberately not produced: the original agent signs and sends {@code sr} neither encoded nor
 * lower-cased (original-agent.md §5.4), and the SDK's software path sends {@code host/devices/<urlencoded id>} with
 * literal slashes. All three verify at IoT Hub because the hub recomputes the signature over {@code sr} as sent;
 * a verifier (the hub emulator) must do the same and URL-decode {@code sr} only to compare it with the identity.
 * Encoding uses {@link URLEncoder} (UTF-8, form encoding): every character outside {@code A-Z a-z 0-9 . - * _} is
 * percent-encoded, so ids with {@code % ( ) ! ' $ , : = @ ?} are encoded too.
 *
 * <p>The token is a bearer credential: {@link #toString()} shows neither signature nor token; only {@link #value()}
 * does, for handing to the SDK.
 */
public final class SasToken {

  private static final int HMAC_SHA256_BYTES = 32;

  private final String resourceUri;
  private final long expiry;
  private final String signature;
  private final @Nullable String keyName;

  private SasToken(String resourceUri, long expiry, String signature, @Nullable String keyName) {
    this.resourceUri = resourceUri;
    this.expiry = expiry;
    this.signature = signature;
    this.keyName = keyName;
  }

  /** A token for {@code identity}, valid until {@code expiresAt} (whole seconds), signed by {@code signer}. */
  public static SasToken sign(SlotUri identity, Instant expiresAt, HmacSigner signer) {
    Objects.requireNonNull(identity, "identity");
    return sign(identity.resourceUri(), expiresAt, signer);
  }

  /**
   * A token for the resource URI {@code resourceUri} (not yet encoded), valid until {@code expiresAt} (whole seconds;
   * a fraction is dropped), signed by {@code signer}.
   *
   * @throws IllegalArgumentException if {@code resourceUri} is empty or {@code expiresAt} is before the epoch
   * @throws IllegalStateException if {@code signer} does not return a 32-byte MAC
   */
  public static SasToken sign(String resourceUri, Instant expiresAt, HmacSigner signer) {
    return sign(resourceUri, expiresAt, signer, null);
  }

  /**
   * A shared access policy's token for {@code resourceUri} (for the service API, the hub host name), naming the
   * policy in {@code skn}.
   */
  public static SasToken signForPolicy(String resourceUri, String keyName, Instant expiresAt, HmacSigner signer) {
    Objects.requireNonNull(keyName, "keyName");
    if (keyName.isEmpty()) {
      throw new IllegalArgumentException("policy name is empty");
    }
    return sign(resourceUri, expiresAt, signer, keyName);
  }

  private static SasToken sign(
      String resourceUri, Instant expiresAt, HmacSigner signer, @Nullable String keyName) {
    Objects.requireNonNull(resourceUri, "resourceUri");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(signer, "signer");
    if (resourceUri.isEmpty()) {
      throw new IllegalArgumentException("resource URI is empty");
    }
    long expiry = expiresAt.getEpochSecond();
    if (expiry < 0) {
      throw new IllegalArgumentException("expiry " + expiresAt + " is before the epoch");
    }
    byte[] toSign = (encode(resourceUri) + "\n" + expiry).getBytes(StandardCharsets.UTF_8);
    byte[] mac = signer.sign(toSign);
    if (mac == null || mac.length != HMAC_SHA256_BYTES) {
      throw new IllegalStateException("an HMAC-SHA256 signer must return 32 bytes");
    }
    return new SasToken(resourceUri, expiry, Base64.getEncoder().encodeToString(mac), keyName);
  }

  /** The resource URI this token grants access to, not encoded. */
  public String resourceUri() {
    return resourceUri;
  }

  /** When the token stops being accepted. */
  public Instant expiresAt() {
    return Instant.ofEpochSecond(expiry);
  }

  /** The token text, e.g. the MQTT password or a connection string's {@code SharedAccessSignature} value. */
  public String value() {
    String token = "SharedAccessSignature sr=" + encode(resourceUri) + "&sig=" + encode(signature) + "&se=" + expiry;
    return keyName == null ? token : token + "&skn=" + encode(keyName);
  }

  @Override
  public String toString() {
    return "SasToken[sr=" + resourceUri + ", se=" + expiry + ", sig=<redacted>]";
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
