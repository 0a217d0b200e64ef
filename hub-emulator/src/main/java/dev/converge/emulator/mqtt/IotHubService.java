package dev.converge.emulator.mqtt;

import dev.converge.emulator.auth.MqttUsername;
import dev.converge.emulator.auth.MqttUsernameParse;
import dev.converge.emulator.hub.DeviceAuthentication;
import dev.converge.emulator.hub.DeviceLink;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.TwinSection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's device endpoint on the MQTT port: authenticates devices and modules as IoT Hub does and pushes desired
 * property changes to subscribed sessions.
 *
 * <p>Authentication: the user name must be {@code {hostName}/{clientId}/?...} with the CONNECT client id, then
 * {@link DeviceAuthentication} decides with the password (a SAS token) or the TLS client certificate. Every failure
 * is CONNACK 5 (not authorized), which the SDK reports as an authentication error.
 */
public final class IotHubService implements MqttService {

  private static final Logger LOG = LoggerFactory.getLogger(IotHubService.class);

  private final String hostName;
  private final Hub hub;
  private final DeviceAuthentication authentication;

  public IotHubService(String hostName, Hub hub) {
    this.hostName = hostName;
    this.hub = hub;
    this.authentication = new DeviceAuthentication(hostName, hub.identities(), hub.clock());
    hub.twins().addListener((id, update) -> {
      if (update.section() == TwinSection.DESIRED) {
        update.desiredNotification().ifPresent(doc -> push(id, update.version(), doc.toJson()));
      }
    });
  }

  @Override
  public boolean serves(String username) {
    return !username.contains("/registrations/");
  }

  @Override
  public ConnectResult connect(ConnectRequest request, MqttOutbound out) {
    MqttUsernameParse parse = MqttUsername.parse(request.username(), request.clientId());
    if (parse instanceof MqttUsernameParse.Invalid invalid) {
      return ConnectResult.badCredentials(invalid.reason());
    }
    if (!(((MqttUsernameParse.Parsed) parse).username() instanceof MqttUsername.Hub user)) {
      return ConnectResult.badCredentials("user name '" + request.username() + "' is not an IoT Hub user name");
    }
    if (!user.hubHost().equalsIgnoreCase(hostName)) {
      return ConnectResult.notAuthorized(
          "user name names hub '" + user.hubHost() + "', but this hub is '" + hostName + "'");
    }
    IdentityId id = new IdentityId(user.deviceId(), user.moduleId());
    Optional<String> problem = authentication.problem(
        id, request.password() == null ? null : request.passwordText(), request.clientCertificate());
    if (problem.isPresent()) {
      return ConnectResult.notAuthorized(problem.get());
    }
    // IoT Hub disconnects a device whose SAS token has expired, a few minutes after its se: it acknowledged as a bug
    // that connections once outlived their tokens, and fixed it (Azure/azure-iot-sdk-c#163, #613); the Java SDK's
    // team saw "iot hub flags the connection as unauthorized ... within 5-10 minutes after the sas token actually
    // expires" (Azure/azure-iot-sdk-java#304). The emulator closes at se itself, without that grace, so a client that
    // does not renew in time fails here first; the SDKs renew at 85% of a token's life.
    authentication.validUntil(id, request.password() == null ? null : request.passwordText()).ifPresent(expiry ->
        out.closeAfter(Duration.between(hub.clock().instant(), expiry), "its SAS token expired at " + expiry));
    IotHubSession session =
        new IotHubSession(id, out, request.cleanSession(), hub.sessions(), hub.twins(), hub.methods(),
            hub.telemetry(), hub.clock());
    boolean present = hub.sessions().attach(session, request.cleanSession());
    return new ConnectResult.Accepted(session, present);
  }

  private void push(IdentityId id, long version, String document) {
    DeviceLink link = hub.sessions().link(id);
    if (link != null) {
      link.send(IotHubSession.DESIRED_PATCHES + "?$version=" + version, document.getBytes(StandardCharsets.UTF_8));
    } else {
      LOG.debug("desired change {} of {} not pushed: not connected (IoT Hub keeps no notifications)", version, id);
    }
  }
}
