package dev.converge.emulator.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The primary and secondary symmetric key of one identity (device, module, DPS enrollment) or shared access policy,
 * each the Base64 text users paste into a connection string. Either key signs valid tokens, which is what lets
 * operators roll keys without downtime.
 *
 * <p>{@link #toString()} never shows the keys.
 *
 * @param primary Base64 of the primary key
 * @param secondary Base64 of the secondary key
 */
public record AccessKeys(String primary, String secondary) {

  /** Key length IoT Hub and DPS generate: 256 bits. */
  public static final int KEY_BYTES = 32;

  /** Which of the two keys signed a token. */
  public enum Slot {
    PRIMARY,
    SECONDARY
  }

  public AccessKeys {
    decode(Objects.requireNonNull(primary, "primary"), "primary");
    decode(Objects.requireNonNull(secondary, "secondary"), "secondary");
  }

  /** Two fresh random keys, as the hub creates for a new identity. */
  public static AccessKeys generate(SecureRandom random) {
    return new AccessKeys(newKey(random), newKey(random));
  }

  /** One fresh random 32-byte key, Base64. */
  public static String newKey(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * The device key a symmetric-key group enrollment implies for one registration:
   * {@code Base64(HMAC-SHA256(Base64Decode(groupKey), UTF8(registrationId)))}, as {@code az iot dps enrollment-group
   * compute-device-key} and the SDK's {@code SecurityProviderSymmetricKey.ComputeDerivedSymmetricKey} compute it.
   */
  public static String deriveDeviceKey(String groupKey, String registrationId) {
    Objects.requireNonNull(registrationId, "registrationId");
    byte[] mac = HmacSha256.of(decode(groupKey, "groupKey"), registrationId);
    return Base64.getEncoder().encodeToString(mac);
  }

  /** Both keys of a group enrollment, each derived for {@code registrationId} ({@link #deriveDeviceKey}). */
  public AccessKeys derivedFor(String registrationId) {
    return new AccessKeys(deriveDeviceKey(primary, registrationId), deriveDeviceKey(secondary, registrationId));
  }

  /** The decoded bytes of the key in {@code slot}. */
  byte[] bytes(Slot slot) {
    return decode(slot == Slot.PRIMARY ? primary : secondary, slot.name());
  }

  private static byte[] decode(String base64, String name) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " key is not Base64: " + e.getMessage(), e);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException(name + " key is empty");
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "AccessKeys[primary=<redacted>, secondary=<redacted>]";
  }
}
