package dev.converge.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the agent drives the device SDK.
 *
 * <p>The defaults favour latency on an idle link: the SDK's send and receive tasks poll their queues, so a 1 ms send
 * interval and the SDK's 10 ms receive interval keep a desired-to-reported round trip within a few milliseconds.
 * Receive polling stays at 10 ms because SDK 2.5.0 loses twin response callbacks more often at 1 ms (its receive
 * task can drop a request's correlation before the MQTT thread looks it up); the agent re-reads the twin when an
 * answer does not come within {@code operationTimeout}.
 *
 * @param tokenLifetime lifetime of each SAS token the agent signs
 * @param tokenRenewalMargin how long before a token expires the agent reconnects with a fresh one
 * @param reconnectTimeout how long the SDK tries to restore a lost connection on its own before the agent connects
 *     anew, obtaining its identity again. SDK 2.5.0 takes "not authorized" for a passing fault while it can sign
 *     tokens, so without this bound a device the hub no longer accepts (deleted, re-keyed, moved by DPS) would keep
 *     retrying for the SDK's default of 4 minutes before the agent could register again.
 */
public record SdkTuning(Duration sendInterval, Duration receiveInterval, Duration keepAlive,
    Duration operationTimeout, Duration tokenLifetime, Duration tokenRenewalMargin, Duration reconnectTimeout) {

  public static final SdkTuning DEFAULTS = new SdkTuning(Duration.ofMillis(1), Duration.ofMillis(10),
      Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofMinutes(5),
      Duration.ofSeconds(60));

  public SdkTuning {
    Objects.requireNonNull(sendInterval, "sendInterval");
    Objects.requireNonNull(receiveInterval, "receiveInterval");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(operationTimeout, "operationTimeout");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    Objects.requireNonNull(tokenRenewalMargin, "tokenRenewalMargin");
    Objects.requireNonNull(reconnectTimeout, "reconnectTimeout");
    if (tokenRenewalMargin.compareTo(tokenLifetime) >= 0) {
      throw new IllegalArgumentException("sdk.tokenRenewalMargin (" + tokenRenewalMargin
          + ") must be shorter than sdk.tokenLifetime (" + tokenLifetime + ")");
    }
    if (reconnectTimeout.isNegative() || reconnectTimeout.isZero()) {
      throw new IllegalArgumentException("sdk.reconnectTimeout must be positive, not " + reconnectTimeout);
    }
  }

  public SdkTuning withTokenLifetime(Duration lifetime, Duration margin) {
    return new SdkTuning(sendInterval, receiveInterval, keepAlive, operationTimeout, lifetime, margin,
        reconnectTimeout);
  }

  public SdkTuning withOperationTimeout(Duration timeout) {
    return new SdkTuning(sendInterval, receiveInterval, keepAlive, timeout, tokenLifetime, tokenRenewalMargin,
        reconnectTimeout);
  }

  public SdkTuning withReconnectTimeout(Duration timeout) {
    return new SdkTuning(sendInterval, receiveInterval, keepAlive, operationTimeout, tokenLifetime,
        tokenRenewalMargin, timeout);
  }
}
