package dev.converge.agent.hub;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.InternalClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import dev.converge.agent.config.SdkTuning;
import dev.converge.agent.identity.HubIdentity;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.tpm.HmacSigner;
import dev.converge.tpm.SoftwareHmacSigner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds the official SDK client (MQTT) for an identity; the one place that decides how each credential reaches the
 * SDK:
 *
 * <ul>
 *   <li>a key or a signer (TPM), without a gateway: {@link RenewingSasTokens}, so every connect signs a fresh token
 *       and the key may live where it cannot be read;
 *   <li>a key with a gateway: a connection string, as the SDK's token-provider constructor cannot take a gateway; the
 *       SDK then signs a token of {@code tokenLifetime} on every connect, which the agent renews by reconnecting
 *       (over MQTT the SDK never renews a token on a live connection; the hub closes it when the token expires);
 *   <li>a fixed token, or an X.509 certificate: a connection string ({@code SharedAccessSignature=} or
 *       {@code x509=true}).
 * </ul>
 */
final class SdkClientFactory {

  private final SdkTuning tuning;
  private final @Nullable Path trustedCa;
  private final Clock clock;

  SdkClientFactory(SdkTuning tuning, @Nullable Path trustedCa, Clock clock) {
    this.tuning = tuning;
    this.trustedCa = trustedCa;
    this.clock = clock;
  }

  /**
   * A new, unopened client; the token provider when the agent signs tokens itself; the lifetime of the tokens the SDK
   * signs on every connect when it holds the key (a connection string with a key).
   */
  record Built(InternalClient client, Optional<RenewingSasTokens> tokens, Optional<Duration> sdkTokenLifetime) {}

  Built create(HubIdentity id) {
    CertifiedKey certificate = id.credential() instanceof HubIdentity.Certificate c ? c.key() : null;
    ClientOptions options = ClientOptions.builder()
        .sslContext(HubTls.context(trustedCa, certificate))
        .sendInterval(millis(tuning.sendInterval()))
        .receiveInterval(millis(tuning.receiveInterval()))
        .keepAliveInterval((int) Math.max(1, tuning.keepAlive().toSeconds()))
        .sasTokenExpiryTime(sdkTokenSeconds())
        .logRoutineDisconnectsAsErrors(false)
        .build();
    HmacSigner signer = null;
    if (id.credential() instanceof HubIdentity.SharedKey k && id.gateway().isEmpty()) {
      signer = SoftwareHmacSigner.fromBase64(k.base64Key());
    } else if (id.credential() instanceof HubIdentity.Signer s) {
      signer = s.signer();
    }
    if (signer != null) {
      if (id.gateway().isPresent()) {
        throw new IllegalArgumentException("a gateway (" + id.gateway().get()
            + ") cannot be used with a TPM-held key: the SDK's token-provider client has no gateway setting");
      }
      RenewingSasTokens tokens = new RenewingSasTokens(id.uri(), signer, tuning.tokenLifetime(), clock);
      InternalClient client = id.moduleId().isPresent()
          ? new ModuleClient(id.hostName(), id.deviceId(), id.moduleId().get(), tokens, IotHubClientProtocol.MQTT,
              options)
          : new DeviceClient(id.hostName(), id.deviceId(), tokens, IotHubClientProtocol.MQTT, options);
      return new Built(client, Optional.of(tokens), Optional.empty());
    }
    String cs = connectionString(id);
    InternalClient client = id.moduleId().isPresent()
        ? new ModuleClient(cs, IotHubClientProtocol.MQTT, options)
        : new DeviceClient(cs, IotHubClientProtocol.MQTT, options);
    Optional<Duration> sdkLifetime = id.credential() instanceof HubIdentity.SharedKey
        ? Optional.of(Duration.ofSeconds(sdkTokenSeconds())) : Optional.empty();
    return new Built(client, Optional.empty(), sdkLifetime);
  }

  /** The lifetime of tokens the SDK signs: {@code tokenLifetime} in whole seconds (the SDK's unit), at least 1. */
  private long sdkTokenSeconds() {
    return Math.max(1, tuning.tokenLifetime().toSeconds());
  }

  private static String connectionString(HubIdentity id) {
    StringBuilder cs = new StringBuilder("HostName=").append(id.hostName()).append(";DeviceId=").append(id.deviceId());
    id.moduleId().ifPresent(m -> cs.append(";ModuleId=").append(m));
    HubIdentity.Credential credential = id.credential();
    if (credential instanceof HubIdentity.SharedKey k) {
      cs.append(";SharedAccessKey=").append(k.base64Key());
    } else if (credential instanceof HubIdentity.FixedToken t) {
      cs.append(";SharedAccessSignature=").append(t.sharedAccessSignature());
    } else if (credential instanceof HubIdentity.Certificate) {
      cs.append(";x509=true");
    } else {
      throw new IllegalStateException("a signer has no connection string");
    }
    id.gateway().ifPresent(g -> cs.append(";GatewayHostName=").append(g));
    return cs.toString();
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }
}
