package dev.converge.emulator.upload;

import dev.converge.emulator.auth.AccessKeys;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blob service SAS tokens for one blob with read and write permission, shaped like the ones IoT Hub hands out
 * ({@code ?sv=2018-03-28&sr=b&sig=..&se=..&sp=rw}). The signature is an HMAC-SHA256 with the emulated account key over
 * permissions, expiry and the blob's canonical name; only this emulator checks it, so its exact string-to-sign is
 * Azure-like rather than Azure's.
 */
final class BlobSas {

  static final String SERVICE_VERSION = "2018-03-28";
  private static final String PERMISSIONS = "rw";

  private final String account;
  private final Clock clock;
  private volatile String accountKey;

  /**
   * Signs with a new random account key until {@link #restoreAccountKey} puts back a saved one.
   *
   * @param account the account's name in signatures (the blob host name)
   */
  BlobSas(String account, Clock clock) {
    this.account = account;
    this.clock = clock;
    this.accountKey = AccessKeys.newKey(new SecureRandom());
  }

  /** The emulated storage account's key (Base64): a secret, saved in the owner-only hub state. */
  String accountKey() {
    return accountKey;
  }

  /** Signs with {@code key} from now on, e.g. the one saved before a restart, so issued SAS URIs stay valid. */
  void restoreAccountKey(String key) {
    Base64.getDecoder().decode(key);
    this.accountKey = key;
  }

  /** The query string, starting with {@code ?}, granting read and write on {@code container/name} until expiry. */
  String issue(String container, BlobName name, Instant expiry) {
    String se = expiry.truncatedTo(ChronoUnit.SECONDS).toString();
    return "?sv=" + SERVICE_VERSION + "&sr=b&sig=" + encode(signature(container, name, PERMISSIONS, se))
        + "&se=" + encode(se) + "&sp=" + PERMISSIONS;
  }

  /**
   * Why {@code query} (decoded parameters) does not allow writing {@code container/name} now, or empty when it does.
   * The reason is for the emulator log and the storage error message; it never contains the expected signature.
   */
  Optional<String> writeProblem(String container, BlobName name, Map<String, String> query) {
    String sig = query.get("sig");
    String se = query.get("se");
    String sp = query.get("sp");
    if (sig == null || se == null || sp == null || !"b".equals(query.get("sr"))) {
      return Optional.of("the request carries no blob SAS (sig, se, sp and sr=b are required)");
    }
    if (!sp.contains("w")) {
      return Optional.of("the SAS does not grant write permission (sp=" + sp + ")");
    }
    byte[] expected = signature(container, name, sp, se).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.UTF_8))) {
      return Optional.of("the SAS signature does not match blob " + container + "/" + name);
    }
    try {
      Instant expiry = Instant.parse(se);
      if (!expiry.isAfter(clock.instant())) {
        return Optional.of("the SAS expired at " + expiry);
      }
    } catch (DateTimeParseException e) {
      return Optional.of("se=" + se + " is not an ISO-8601 instant");
    }
    return Optional.empty();
  }

  private String signature(String container, BlobName name, String permissions, String expiry) {
    String toSign = permissions + "\n" + expiry + "\n/blob/" + account + "/" + container + "/" + name.value();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(accountKey), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
