package dev.converge.emulator.dps;

import dev.converge.emulator.auth.MqttUsername;
import dev.converge.emulator.auth.MqttUsernameParse;
import dev.converge.emulator.mqtt.ConnectRequest;
import dev.converge.emulator.mqtt.ConnectResult;
import dev.converge.emulator.mqtt.MqttOutbound;
import dev.converge.emulator.mqtt.MqttService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DPS on the shared MQTT port, chosen by a user name {@code {idScope}/registrations/{registrationId}/api-version=..}
 * (iot-dps-mqtt-support), client id = registration id.
 *
 * <p>CONNECT is authenticated at once: the SAS password (or, without one, the TLS client certificate) must prove an
 * enrollment, and the ID scope must be this emulator's; anything else is CONNACK 5 (not authorized), which the Java
 * provisioning client reports as a failed registration. There are no persistent sessions: {@code sessionPresent} is
 * always false and nothing outlives the connection.
 */
final class DpsMqttService implements MqttService {

  private static final Logger LOG = LoggerFactory.getLogger(DpsMqttService.class);

  private final String idScope;
  private final Attester attester;
  private final RuntimeRegistration runtime;
  private final Duration replyDelay;

  DpsMqttService(String idScope, Attester attester, RuntimeRegistration runtime, Duration replyDelay) {
    this.idScope = idScope;
    this.attester = attester;
    this.runtime = runtime;
    this.replyDelay = replyDelay;
  }

  @Override
  public boolean serves(String username) {
    return username.contains("/registrations/");
  }

  @Override
  public ConnectResult connect(ConnectRequest request, MqttOutbound out) {
    MqttUsernameParse parse = MqttUsername.parse(request.username(), request.clientId());
    if (parse instanceof MqttUsernameParse.Invalid invalid) {
      return ConnectResult.badCredentials(invalid.reason());
    }
    if (!(((MqttUsernameParse.Parsed) parse).username() instanceof MqttUsername.Dps user)) {
      return ConnectResult.badCredentials("user name '" + request.username() + "' is not a DPS user name");
    }
    if (!user.idScope().equalsIgnoreCase(idScope)) {
      return ConnectResult.notAuthorized(
          "DPS user name names ID scope '" + user.idScope() + "', but this emulator serves '" + idScope + "'");
    }
    String password = request.password() == null ? null : request.passwordText();
    Attested attested = attester.attest(user.registrationId(), password, request.clientCertificate());
    if (attested instanceof Attested.Refused refused) {
      // Real DPS accepts the CONNECT and answers the registration with 401 (MicrosoftDocs/azure-docs#43157:
      // "connected ... successfully ... received an unauthorized response on $dps/registrations/res/401").
      LOG.info("DPS attestation of '{}' failed, its requests will get 401: {}", user.registrationId(),
          refused.reason());
      return new ConnectResult.Accepted(
          new DpsMqttSession(null, user.registrationId(), runtime, out, replyDelay), false);
    }
    EnrollmentMatch match = ((Attested.Enrolled) attested).match();
    return new ConnectResult.Accepted(
        new DpsMqttSession(match, user.registrationId(), runtime, out, replyDelay), false);
  }
}
