package dev.converge.agent.identity;

import java.util.Optional;

/**
 * An identity from a device or module connection string ({@code HostName=...;DeviceId=...;[ModuleId=...;]
 * SharedAccessKey=...} or {@code SharedAccessSignature=...}, optionally {@code GatewayHostName=...}).
 */
public final class ConnectionStringSource implements IdentitySource {

  private final HubIdentity identity;

  private ConnectionStringSource(HubIdentity identity) {
    this.identity = identity;
  }

  /**
   * Parses the connection string.
   *
   * @throws IllegalArgumentException naming the missing or malformed part
   */
  public static ConnectionStringSource of(String connectionString) {
    ConnectionStringParts parts = ConnectionStringParts.parse(connectionString, "device connection string");
    Optional<String> key = parts.get("SharedAccessKey");
    Optional<String> token = parts.get("SharedAccessSignature");
    HubIdentity.Credential credential;
    if (key.isPresent()) {
      credential = new HubIdentity.SharedKey(key.get());
    } else if (token.isPresent()) {
      credential = new HubIdentity.FixedToken(token.get());
    } else {
      throw new IllegalArgumentException(
          "device connection string has neither SharedAccessKey nor SharedAccessSignature");
    }
    return new ConnectionStringSource(new HubIdentity(parts.required("HostName"), parts.required("DeviceId"),
        parts.get("ModuleId"), parts.get("GatewayHostName"), credential));
  }

  @Override
  public HubIdentity obtain() {
    return identity;
  }

  @Override
  public String describe() {
    return "connection string for " + identity.describe();
  }
}
