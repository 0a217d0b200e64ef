package dev.converge.emulator.auth;

import java.time.Clock;
import java.time.Instant;
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
