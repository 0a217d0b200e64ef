package dev.converge.agent.hub;

import com.microsoft.azure.sdk.iot.device.SasTokenProvider;
import dev.converge.tpm.HmacSigner;
import dev.converge.tpm.SasToken;
import dev.converge.tpm.SlotUri;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * SAS tokens for the device SDK, signed on demand by an {@link HmacSigner} (a key in memory, or the TPM), each valid
 * for {@code lifetime}. The SDK asks for a token on every (re)connect, so a reconnect always presents a fresh one.
 */
final class RenewingSasTokens implements SasTokenProvider {

  private final SlotUri identity;
  private final HmacSigner signer;
  private final Duration lifetime;
  private final Clock clock;
  private volatile Instant expiresAt = Instant.EPOCH;

  RenewingSasTokens(SlotUri identity, HmacSigner signer, Duration lifetime, Clock clock) {
    this.identity = identity;
    this.signer = signer;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  @Override
  public char[] getSasToken() {
    SasToken token = SasToken.sign(identity, clock.instant().plus(lifetime), signer);
    expiresAt = token.expiresAt();
    return token.value().toCharArray();
  }

  /** When the token last handed out expires ({@link Instant#EPOCH} before the first). */
  Instant expiresAt() {
    return expiresAt;
  }
}
