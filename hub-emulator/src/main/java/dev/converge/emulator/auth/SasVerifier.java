package dev.converge.emulator.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks SAS tokens as IoT Hub and DPS do. Thread-safe and stateless apart from the clock.
 *
 * <p>Order of checks: well-formed, {@code sr} covers the resource ({@link ResourceUri#isCoveredBy}), a key named by
 * {@code skn} exists ({@link Keyring}), the signature matches the primary or secondary key, and finally {@code se} is
 * after now. Expiry comes last so that "expired" is only ever said of a genuine token; a forged one reads as a bad
 * signature whatever its {@code se}.
 */
public final class SasVerifier {

  private final Clock clock;

  public SasVerifier(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Verifies the token text from a CONNECT password or an {@code Authorization} header. */
  public SasVerdict verify(String token, ResourceUri required, Keyring keyring) {
    SasTokenParse parse = SasToken.parse(token);
    if (parse instanceof SasTokenParse.Malformed malformed) {
      return new SasVerdict.Malformed(malformed.field(), malformed.reason());
    }
    return verify(((SasTokenParse.Parsed) parse).token(), required, keyring);
  }

  /**
   * Verifies a device's or module's own token (no {@code skn}, signed with the identity's key). Unlike a shared access
   * policy token, whose {@code sr} may be any prefix of the resource, such a token must name one of {@code audiences}
   * exactly: IoT Hub's device tokens have "resource URI {@code {IoT hub name}.azure-devices.net/devices/{device id}}"
   * (iot-hub-dev-guide-sas, "Use a symmetric key in the identity registry"), and Azure IoT Edge's hub, which
   * authenticates device tokens as IoT Hub does, accepts only {@code {host}/devices/{deviceId}} or {@code
   * {host}/devices/{deviceId}/modules/{moduleId}} (Azure/iotedge, {@code
   * DeviceScopeTokenAuthenticator.ValidateAudience}).
   * So a token whose {@code sr} is just the hub's host name is refused even when the device's key signed it.
   *
   * @param audiences the resources the token may name, the identity's own first
   */
  public SasVerdict verifyIdentity(String token, List<ResourceUri> audiences, Keyring keyring) {
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException("an identity token needs at least one audience");
    }
    SasTokenParse parse = SasToken.parse(token);
    if (parse instanceof SasTokenParse.Malformed malformed) {
      return new SasVerdict.Malformed(malformed.field(), malformed.reason());
    }
    SasToken parsed = ((SasTokenParse.Parsed) parse).token();
    String granted = parsed.resource();
    String literal = PercentEncoding.decodeStrict(parsed.resourceAsSent()).orElse(granted);
    for (ResourceUri audience : audiences) {
      if (audience.isNamedBy(granted) || audience.isNamedBy(literal)) {
        return verify(parsed, audience, keyring);
      }
    }
    return new SasVerdict.WrongResource(granted, audiences.get(0));
  }

  /** Verifies an already parsed token. */
  public SasVerdict verify(SasToken token, ResourceUri required, Keyring keyring) {
    Objects.requireNonNull(required, "required");
    String granted = token.resource();
    // Also try reading '+' literally: a hand-made token may leave a '+' in a device id unencoded.
    String literal = PercentEncoding.decodeStrict(token.resourceAsSent()).orElse(granted);
    if (!required.isCoveredBy(granted) && !required.isCoveredBy(literal)) {
      return new SasVerdict.WrongResource(granted, required);
    }
    Optional<AccessKeys> keys = keyring.keysFor(token.keyName());
    if (keys.isEmpty()) {
      return new SasVerdict.PolicyUnknown(token.keyName(), keyring.acceptedNames());
    }
    // Check both keys every time, so timing does not tell which one a forgery came closer to.
    boolean primary = token.isSignedBy(keys.get().bytes(AccessKeys.Slot.PRIMARY));
    boolean secondary = token.isSignedBy(keys.get().bytes(AccessKeys.Slot.SECONDARY));
    if (!primary && !secondary) {
      return new SasVerdict.BadSignature(token.resourceAsSent(), token.keyName());
    }
    Instant now = clock.instant();
    if (!token.expiry().isAfter(now)) {
      return new SasVerdict.Expired(token.expiry(), now);
    }
    return new SasVerdict.Accepted(
        primary ? AccessKeys.Slot.PRIMARY : AccessKeys.Slot.SECONDARY, token.keyName(), token.expiry());
  }
}
