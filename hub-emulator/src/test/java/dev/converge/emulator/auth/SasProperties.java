package dev.converge.emulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/**
 * Sign-then-verify over random keys, resources, encodings and expiries, and the converse: no single-character change
 * to {@code sr}, {@code sig} or {@code se} survives verification.
 */
class SasProperties {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final SasVerifier VERIFIER = new SasVerifier(Clock.fixed(NOW, ZoneOffset.UTC));
  /** Every character IoT Hub allows in a device id, plus space. */
  private static final String ID_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.%_#*?!(),:=@$' +";
  /** What a mutation may write: printable ASCII. */
  private static final String PRINTABLE;

  static {
    StringBuilder chars = new StringBuilder();
    for (char c = 0x21; c < 0x7f; c++) {
      chars.append(c);
    }
    PRINTABLE = chars.toString();
  }

  /** How the client spells {@code sr}: as the Java device SDK (segments encoded) or the service SDK/Node (all). */
  enum Encoding {
    SEGMENTS,
    WHOLE,
    NONE
  }

  record Case(byte[] key, String hub, String deviceId, @Nullable String moduleId, Encoding encoding, long expiry,
      @Nullable String keyName) {

    ResourceUri resource() {
      return moduleId == null ? ResourceUri.device(hub, deviceId) : ResourceUri.module(hub, deviceId, moduleId);
    }

    String resourceAsSent() {
      String plain = resource().value();
      return switch (encoding) {
        case WHOLE -> URLEncoder.encode(plain, StandardCharsets.UTF_8);
        case SEGMENTS -> {
          StringBuilder sent = new StringBuilder(hub);
          for (String segment : plain.substring(hub.length() + 1).split("/")) {
            sent.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8));
          }
          yield sent.toString();
        }
        case NONE -> plain;
      };
    }

    AccessKeys keys() {
      String mine = Base64.getEncoder().encodeToString(key);
      return new AccessKeys(mine, Base64.getEncoder().encodeToString(new byte[] {1}));
    }

    Keyring keyring() {
      return keyName == null ? Keyring.ofIdentity(keys()) : Keyring.ofPolicies(Map.of(keyName, keys()));
    }

    SasToken token() {
      return SasToken.sign(resourceAsSent(), keys().primary(), Instant.ofEpochSecond(expiry), keyName);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<byte[]> keys = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
    Arbitrary<String> hubs = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12)
        .map(name -> name + ".azure-devices.net");
    Arbitrary<String> ids = Arbitraries.strings().withChars(ID_CHARS).ofMinLength(1).ofMaxLength(20);
    Arbitrary<String> modules = ids.injectNull(0.5);
    Arbitrary<Long> expiries =
        Arbitraries.longs().between(NOW.getEpochSecond() + 1, NOW.getEpochSecond() + 1_000_000_000L);
    Arbitrary<String> keyNames = Arbitraries.of("iothubowner", "device", "service").injectNull(0.7);
    return Combinators.combine(keys, hubs, ids, modules, Arbitraries.of(Encoding.class), expiries, keyNames)
        .as(Case::new)
        // Without encoding, a device id holding '%' or '&' cannot travel in sr at all.
        .filter(c -> c.encoding != Encoding.NONE || c.deviceId.chars().noneMatch(ch -> "%&+".indexOf(ch) >= 0)
            && (c.moduleId == null || c.moduleId.chars().noneMatch(ch -> "%&+".indexOf(ch) >= 0)));
  }

  @Property
  void a_signed_token_is_accepted(@ForAll("cases") Case c) {
    SasVerdict verdict = VERIFIER.verify(c.token().text(), c.resource(), c.keyring());

    assertThat(verdict).isEqualTo(new SasVerdict.Accepted(AccessKeys.Slot.PRIMARY, c.keyName(),
        Instant.ofEpochSecond(c.expiry())));
  }

  enum Field {
    SR,
    SIG,
    SE
  }

  @Property
  void any_single_character_change_is_rejected(
      @ForAll("cases") Case c,
      @ForAll Field field,
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll("printable") char replacement) {
    SasToken token = c.token();
    String sr = token.resourceAsSent();
    String sig = URLEncoder.encode(token.signature(), StandardCharsets.UTF_8);
    String se = token.expiryAsSent();
    String value = switch (field) {
      case SR -> sr;
      case SIG -> sig;
      case SE -> se;
    };
    int at = position % value.length();
    Assume.that(value.charAt(at) != replacement);
    String changed = value.substring(0, at) + replacement + value.substring(at + 1);
    // Percent escapes are case-insensitive, so "%2B" and "%2b" are the same signature; the signed sr has no such
    // equivalence, because it is signed exactly as sent.
    Assume.that(field != Field.SIG || !Objects.equals(PercentEncoding.decodeStrict(changed).orElse(null),
        token.signature()));
    String text = "SharedAccessSignature"
        + " sr=" + (field == Field.SR ? changed : sr)
        + "&sig=" + (field == Field.SIG ? changed : sig)
        + "&se=" + (field == Field.SE ? changed : se)
        + (c.keyName() == null ? "" : "&skn=" + c.keyName());

    SasVerdict verdict = VERIFIER.verify(text, c.resource(), c.keyring());

    assertThat(verdict.isAccepted()).as("%s changed to %s: %s", field, changed, verdict.message()).isFalse();
  }

  @Provide
  Arbitrary<Character> printable() {
    return Arbitraries.chars().with(PRINTABLE.toCharArray());
  }
}
