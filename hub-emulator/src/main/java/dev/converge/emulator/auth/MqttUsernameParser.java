package dev.converge.emulator.auth;

import dev.converge.emulator.wire.QueryString;
import java.util.regex.Pattern;

/** The reading behind {@link MqttUsername#parse}. */
final class MqttUsernameParser {

  private static final String REGISTRATIONS = "registrations/";
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
  private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}$");
  private static final String HUB_FORM = "{HostName}/{deviceId}[/{moduleId}]/?api-version=...";
  private static final String DPS_FORM = "{idScope}/registrations/{registrationId}/api-version=...";

  private MqttUsernameParser() {}

  static MqttUsernameParse parse(String username, String clientId) {
    if (clientId.isEmpty()) {
      return invalid("the MQTT client id is empty; it must be the device id, deviceId/moduleId, or the DPS"
          + " registration id");
    }
    int slash = username.indexOf('/');
    if (slash <= 0) {
      return invalid("MQTT username '" + username + "' is not " + HUB_FORM + " nor " + DPS_FORM);
    }
    String first = username.substring(0, slash);
    String rest = username.substring(slash + 1);
    if (!first.contains(".") && rest.startsWith(REGISTRATIONS)) {
      return dps(first, rest.substring(REGISTRATIONS.length()), clientId);
    }
    return hub(first, rest, clientId);
  }

  private static MqttUsernameParse hub(String hostAndPort, String rest, String clientId) {
    String host = PORT.matcher(hostAndPort).replaceFirst("");
    if (!HOST.matcher(host).matches()) {
      return invalid("MQTT username starts with '" + hostAndPort + "', which is not a host name; expected "
          + HUB_FORM);
    }
    String[] ids = clientId.split("/", -1);
    if (ids.length > 2 || ids[0].isEmpty() || (ids.length == 2 && ids[1].isEmpty())) {
      return invalid("MQTT client id '" + clientId + "' is neither a device id nor deviceId/moduleId");
    }
    // The identity takes as many '/'-separated segments as the client id has parts; the query follows.
    int end = -1;
    for (int i = 0; i < ids.length && end < rest.length(); i++) {
      int next = rest.indexOf('/', end + 1);
      end = next < 0 ? rest.length() : next;
    }
    String claimed = rest.substring(0, end);
    if (!isSameId(claimed, clientId)) {
      return invalid("MQTT username names '" + claimed + "' but the client id is '" + clientId
          + "'; IoT Hub requires " + HUB_FORM + " with the client id in the middle");
    }
    String query = end < rest.length() ? rest.substring(end + 1) : "";
    if (hasExtraSegment(query)) {
      return invalid("MQTT username has more path segments than the client id '" + clientId + "' after the host: '"
          + query + "'; a module connects with client id deviceId/moduleId");
    }
    return new MqttUsernameParse.Parsed(
        new MqttUsername.Hub(host, ids[0], ids.length == 2 ? ids[1] : null, QueryString.parse(query)));
  }

  private static MqttUsernameParse dps(String idScope, String rest, String clientId) {
    int slash = rest.indexOf('/');
    String claimed = slash < 0 ? rest : rest.substring(0, slash);
    if (claimed.isEmpty()) {
      return invalid("DPS username has no registration id; expected " + DPS_FORM);
    }
    if (!isSameId(claimed, clientId)) {
      return invalid("DPS username names registration '" + claimed + "' but the client id is '" + clientId
          + "'; DPS requires the registration id as client id");
    }
    String query = slash < 0 ? "" : rest.substring(slash + 1);
    if (hasExtraSegment(query)) {
      return invalid("DPS username has extra path segments after the registration id: '" + query + "'; expected "
          + DPS_FORM);
    }
    return new MqttUsernameParse.Parsed(new MqttUsername.Dps(idScope, clientId, QueryString.parse(query)));
  }

  /** Whether the text after the identity starts with another path segment rather than a query. */
  private static boolean hasExtraSegment(String query) {
    if (query.startsWith("?")) {
      return false;
    }
    int nameEnd = query.indexOf('=');
    String firstName = nameEnd < 0 ? query : query.substring(0, nameEnd);
    int pairEnd = firstName.indexOf('&');
    return (pairEnd < 0 ? firstName : firstName.substring(0, pairEnd)).contains("/");
  }

  /** Equal as sent, or equal once percent-decoded (some SDKs encode ids in the username). */
  private static boolean isSameId(String claimed, String clientId) {
    return claimed.equals(clientId) || PercentEncoding.decodeStrict(claimed).map(clientId::equals).orElse(false);
  }


  private static MqttUsernameParse invalid(String reason) {
    return new MqttUsernameParse.Invalid(reason);
  }
}
