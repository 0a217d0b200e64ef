package dev.converge.tpm;

import java.util.Objects;
import java.util.Optional;

/**
 * A device connection string that carries a signed token instead of a key:
 * {@code HostName=<host>;DeviceId=<id>[;ModuleId=<mid>][;GatewayHostName=<gw>];SharedAccessSignature=<token>}, the
 * output of Limpet's {@code -AST} (original-agent.md §5.4) and an input the Azure Java device SDK accepts.
 *
 * <p>{@code DeviceId} is URL-encoded, because the Java SDK URL-decodes it when parsing
 * ({@code IotHubConnectionString}: "the UTF-8 URL-decoded value of 'deviceId'"); ids made only of letters, digits,
 * {@code - . _ *} read the same either way. {@code ModuleId} is not decoded by the SDK and is written as is.
 * {@code GatewayHostName} points the SDK at another host (the local hub emulator, local-hub-and-sdk.md §3) while the
 * token still names the real hub.
 *
 * <p>Contains a bearer credential: {@link #toString()} does not show the token.
 */
public final class SasConnectionString {

  private final SlotUri identity;
  private final SasToken token;
  private final Optional<String> gatewayHostName;

  private SasConnectionString(SlotUri identity, SasToken token, Optional<String> gatewayHostName) {
    this.identity = identity;
    this.token = token;
    this.gatewayHostName = gatewayHostName;
  }

  /**
   * The connection string for {@code identity} with {@code token}.
   *
   * @throws IllegalArgumentException if {@code token} was signed for another resource than {@code identity}'s
   */
  public static SasConnectionString of(SlotUri identity, SasToken token) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(token, "token");
    if (!token.resourceUri().equals(identity.resourceUri())) {
      throw new IllegalArgumentException(
          "token is for " + token.resourceUri() + ", not for " + identity.resourceUri());
    }
    return new SasConnectionString(identity, token, Optional.empty());
  }

  /** A copy that also names {@code gatewayHostName}, e.g. {@code localhost} for the hub emulator. */
  public SasConnectionString withGatewayHostName(String gatewayHostName) {
    Objects.requireNonNull(gatewayHostName, "gatewayHostName");
    if (gatewayHostName.isEmpty() || gatewayHostName.contains(";")) {
      throw new IllegalArgumentException("gateway host name must be non-empty and contain no ';'");
    }
    return new SasConnectionString(identity, token, Optional.of(gatewayHostName));
  }

  public SlotUri identity() {
    return identity;
  }

  public SasToken token() {
    return token;
  }

  /** The connection string text. */
  public String value() {
    StringBuilder out = new StringBuilder()
        .append("HostName=").append(identity.hubHost())
        .append(";DeviceId=").append(SasToken.encode(identity.deviceId()));
    identity.moduleId().ifPresent(m -> out.append(";ModuleId=").append(m));
    gatewayHostName.ifPresent(g -> out.append(";GatewayHostName=").append(g));
    return out.append(";SharedAccessSignature=").append(token.value()).toString();
  }

  @Override
  public String toString() {
    return "SasConnectionString[" + identity.format() + gatewayHostName.map(g -> " via " + g).orElse("")
        + ", expires " + token.expiresAt() + ", token=<redacted>]";
  }
}
