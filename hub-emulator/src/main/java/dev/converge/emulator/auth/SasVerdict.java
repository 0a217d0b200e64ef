package dev.converge.emulator.auth;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the hub concluded about one SAS token. Exactly one is {@link Accepted}; every other verdict carries a {@link
 * #message()} for the emulator log that says what to fix, and never the signature or a key.
 *
 * <p>The MQTT layer answers every rejection with CONNACK {@code NOT_AUTHORIZED} and the REST layer with 401, as IoT
 * Hub does; the distinction exists for the person reading the log.
 */
public sealed interface SasVerdict {

  /** Whether the token grants access. */
  boolean isAccepted();

  /** One sentence for the log. */
  String message();

  /**
   * The token is genuine, current and covers the resource.
   *
   * @param slot which key signed it
   * @param keyName the token's {@code skn}, {@code null} if it had none
   * @param expiry when it stops being valid; a connection authenticated by it should be closed then
   */
  record Accepted(AccessKeys.Slot slot, @Nullable String keyName, Instant expiry) implements SasVerdict {
    public Accepted {
      Objects.requireNonNull(slot, "slot");
      Objects.requireNonNull(expiry, "expiry");
    }

    @Override
    public boolean isAccepted() {
      return true;
    }

    @Override
    public String message() {
      return "SAS token accepted (" + slot.name().toLowerCase(Locale.ROOT) + " key"
          + (keyName == null || keyName.isEmpty() ? "" : " of policy '" + keyName + "'")
          + "), valid until " + expiry;
    }
  }

  /**
   * The text is not a SAS token.
   *
   * @param field the field at fault, as in {@link SasTokenParse.Malformed#field()}
   * @param reason what is wrong with it
   */
  record Malformed(String field, String reason) implements SasVerdict {
    public Malformed {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isAccepted() {
      return false;
    }

    @Override
    public String message() {
      return reason;
    }
  }

  /** A genuine token whose {@code se} is not after {@code now}. */
  record Expired(Instant expiry, Instant now) implements SasVerdict {
    public Expired {
      Objects.requireNonNull(expiry, "expiry");
      Objects.requireNonNull(now, "now");
    }

    @Override
    public boolean isAccepted() {
      return false;
    }

    @Override
    public String message() {
      return "SAS token expired at " + expiry + " (se=" + expiry.getEpochSecond() + "), hub time is " + now
          + "; renew the token, or check the client's clock";
    }
  }

  /**
   * The token's {@code sr} does not reach the resource this request needs, e.g. another device's token.
   *
   * @param granted the token's decoded {@code sr}
   * @param required what this request needs
   */
  record WrongResource(String granted, ResourceUri required) implements SasVerdict {
    public WrongResource {
      Objects.requireNonNull(granted, "granted");
      Objects.requireNonNull(required, "required");
    }

    @Override
    public boolean isAccepted() {
      return false;
    }

    @Override
    public String message() {
      return "SAS token is for sr='" + granted + "' but this request needs '" + required
          + "'; a device or module token's sr must name that identity, a policy token's sr must equal it or be a"
          + " prefix of it ending at '/'"
          + " (check HostName and DeviceId/ModuleId in the connection string)";
    }
  }

  /**
   * Neither the primary nor the secondary key produced the signature.
   *
   * @param resourceAsSent the token's {@code sr} as signed
   * @param keyName the token's {@code skn}, {@code null} if none
   */
  record BadSignature(String resourceAsSent, @Nullable String keyName) implements SasVerdict {
    public BadSignature {
      Objects.requireNonNull(resourceAsSent, "resourceAsSent");
    }

    @Override
    public boolean isAccepted() {
      return false;
    }

    @Override
    public String message() {
      String whose = keyName == null || keyName.isEmpty() ? "the identity" : "key name (skn) '" + keyName + "'";
      return "SAS signature matches neither key of " + whose + " over sr='" + resourceAsSent
          + "' (signed exactly as sent, then \\n, then se); the key in the connection string is wrong or was"
          + " regenerated";
    }
  }

  /**
   * The token names a key ({@code skn}) this request does not accept.
   *
   * @param keyName the token's {@code skn}, {@code null} if none
   * @param accepted the key names that would be accepted, for the message
   */
  record PolicyUnknown(@Nullable String keyName, String accepted) implements SasVerdict {
    public PolicyUnknown {
      Objects.requireNonNull(accepted, "accepted");
    }

    @Override
    public boolean isAccepted() {
      return false;
    }

    @Override
    public String message() {
      String named = keyName == null ? "no skn" : "skn='" + keyName + "'";
      return "SAS token has " + named + ", but only " + accepted + " may sign for this request"
          + " (device and module tokens carry no skn; service tokens name a shared access policy of this hub)";
    }
  }
}
