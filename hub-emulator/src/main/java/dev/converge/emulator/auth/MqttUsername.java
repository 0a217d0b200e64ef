package dev.converge.emulator.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who an MQTT client claims to be, read from its CONNECT username (see {@link #parse}).
 *
 * <ul>
 *   <li>IoT Hub: {@code {HostName}/{clientId}/?api-version=...&DeviceClientType=...}, clientId {@code deviceId} or
 *       {@code deviceId/moduleId} (Java SDK 2.5.0 {@code MqttIotHubConnection}; C, Node and Python differ only in the
 *       query).
 *   <li>DPS: {@code {idScope}/registrations/{registrationId}/api-version=...&ClientVersion=...} (Java provisioning
 *       client 2.1.3 {@code ContractAPIMqtt}), client id = registration id.
 * </ul>
 */
public sealed interface MqttUsername {

  /** Which service the client wants. */
  enum Kind {
    HUB,
    DPS
  }

  Kind kind();

  /**
   * The query after the identity, percent-decoded; the first occurrence of a repeated name wins. Kept for logging and
   * for callers that care about e.g. {@code model-id}; nothing here requires any entry.
   */
  Map<String, String> query();

  /** The {@code api-version} the client asked for, if it sent one. */
  default @Nullable String apiVersion() {
    return query().get("api-version");
  }

  /** The resource a SAS token from this client must cover. */
  ResourceUri resource();

  /**
   * Reads a CONNECT username. Lenient where SDKs differ (query content and order, a missing {@code ?}, a
   * {@code :port} after the host name, percent-encoded ids), strict where identity is decided: the host must be a
   * host name, and the id in the username must equal the MQTT client id.
   *
   * <p>A username is read as DPS when its first segment has no {@code .} (an ID scope, never a host name: the Java
   * SDK requires a {@code .} in {@code HostName}) and the second is {@code registrations}.
   */
  static MqttUsernameParse parse(String username, String clientId) {
    return MqttUsernameParser.parse(username, clientId);
  }

  /**
   * A device or module connecting to IoT Hub.
   *
   * @param hubHost the host name from the username, without any {@code :port}; compare with {@link #isForHub}
   * @param deviceId the device id, decoded
   * @param moduleId the module id, or {@code null} for a device connection
   * @param query the username's query, decoded
   */
  record Hub(String hubHost, String deviceId, @Nullable String moduleId, Map<String, String> query)
      implements MqttUsername {
    public Hub {
      Objects.requireNonNull(hubHost, "hubHost");
      Objects.requireNonNull(deviceId, "deviceId");
      query = Map.copyOf(query);
    }

    @Override
    public Kind kind() {
      return Kind.HUB;
    }

    /** The MQTT client id this username belongs to: {@code deviceId} or {@code deviceId/moduleId}. */
    public String clientId() {
      return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }

    /** Whether the username names {@code host} (ignoring case, as DNS does). */
    public boolean isForHub(String host) {
      return hubHost.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
    }

    @Override
    public ResourceUri resource() {
      return moduleId == null
          ? ResourceUri.device(hubHost, deviceId)
          : ResourceUri.module(hubHost, deviceId, moduleId);
    }
  }

  /**
   * A device registering with DPS.
   *
   * @param idScope the DPS ID scope, e.g. {@code 0ne00000001}
   * @param registrationId the registration id, decoded
   * @param query the username's query, decoded
   */
  record Dps(String idScope, String registrationId, Map<String, String> query) implements MqttUsername {
    public Dps {
      Objects.requireNonNull(idScope, "idScope");
      Objects.requireNonNull(registrationId, "registrationId");
      query = Map.copyOf(query);
    }

    @Override
    public Kind kind() {
      return Kind.DPS;
    }

    @Override
    public ResourceUri resource() {
      return ResourceUri.registration(idScope, registrationId);
    }
  }
}
