package dev.converge.emulator.mqtt;

import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.auth.Keyring;
import dev.converge.emulator.auth.MqttUsername;
import dev.converge.emulator.auth.MqttUsernameParse;
import dev.converge.emulator.auth.ResourceUri;
import dev.converge.emulator.auth.SasVerdict;
import dev.converge.emulator.auth.SasVerifier;
import dev.converge.emulator.hub.DeviceLink;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.tls.Thumbprint;
import dev.converge.emulator.twin.TwinSection;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IoT Hub's device endpoint on the MQTT port: authenticates devices and modules as IoT Hub does and pushes desired
 * property changes to subscribed sessions.
 *
 * <p>Authentication: the user name must be {@code {hostName}/{clientId}/?...} with the CONNECT client id; the identity
 * must be registered and enabled; a SAS password must be signed with one of its keys for exactly its resource and
 * not be expired; an X.509 identity instead presents a TLS client certificate whose thumbprint is registered. Every
 * failure is CONNACK 5 (not authorized), which the SDK reports as an authentication error.
 */
public final class IotHubService implements MqttService {

  private static final Logger LOG = LoggerFactory.getLogger(IotHubService.class);

  private final String hostName;
  private final Hub hub;
  private final SasVerifier verifier;

  public IotHubService(String hostName, Hub hub) {
    this.hostName = hostName;
    this.hub = hub;
    this.verifier = new SasVerifier(hub.clock());
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
    Optional<Identity> found = hub.identities().get(id);
    if (found.isEmpty()) {
      return ConnectResult.notAuthorized(id + " is not registered");
    }
    Identity identity = found.get();
    if (!identity.enabled()) {
      return ConnectResult.notAuthorized(id + " is disabled");
    }
    String problem = authenticate(identity, request);
    if (problem != null) {
      return ConnectResult.notAuthorized(problem);
    }
    IotHubSession session =
        new IotHubSession(id, out, request.cleanSession(), hub.sessions(), hub.twins(), hub.methods(),
            hub.telemetry(), hub.clock());
    boolean present = hub.sessions().attach(session, request.cleanSession());
    return new ConnectResult.Accepted(session, present);
  }

  private @org.jspecify.annotations.Nullable String authenticate(Identity identity, ConnectRequest request) {
    IdentityId id = identity.id();
    if (identity.credentials() instanceof Credentials.SymmetricKey keys) {
      if (request.password() == null) {
        return id + " uses SAS authentication but sent no password";
      }
      ResourceUri resource = id.isModule()
          ? ResourceUri.module(hostName, id.deviceId(), id.moduleId())
          : ResourceUri.device(hostName, id.deviceId());
      SasVerdict verdict = verifier.verify(
          request.passwordText(), resource,
          Keyring.ofIdentity(new AccessKeys(keys.primaryKey(), keys.secondaryKey())));
      return verdict instanceof SasVerdict.Accepted ? null : id + ": " + verdict.message();
    }
    Credentials.X509Thumbprint prints = (Credentials.X509Thumbprint) identity.credentials();
    X509Certificate certificate = request.clientCertificate();
    if (certificate == null) {
      return id + " uses X.509 authentication but presented no client certificate";
    }
    String sha1 = Thumbprint.sha1(certificate).hex();
    String sha256 = Thumbprint.sha256(certificate).hex();
    if (prints.accepts(sha1) || prints.accepts(sha256)) {
      return null;
    }
    return id + ": client certificate thumbprint " + sha1.toUpperCase(Locale.ROOT) + " is not registered";
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
