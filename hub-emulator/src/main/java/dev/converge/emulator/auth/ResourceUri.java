package dev.converge.emulator.auth;

import java.util.Locale;
import java.util.Objects;

/**
 * The resource a request needs access to, without scheme and not percent-encoded, e.g.
 * {@code localhub.azure-devices.net/devices/dev1}.
 *
 * <p>IoT Hub defines a token's {@code sr} as the "URI prefix (by segment) of the endpoints that can be accessed with
 * this token, starting with host name of the IoT hub (no protocol)" (IoT Hub "Control access" docs). So a service
 * token for {@code localhub.azure-devices.net} covers every path under the hub, and a token for
 * {@code .../devices/dev1} covers {@code .../devices/dev1/modules/m1} but never {@code .../devices/dev10}. Comparison
 * ignores case: the service SDK lowercases the host name before signing ({@code IotHubServiceSasToken}).
 *
 * @param value the resource, e.g. {@code hub/devices/dev1}; no leading or trailing {@code /}
 */
public record ResourceUri(String value) {

  public ResourceUri {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.startsWith("/") || value.endsWith("/")) {
      throw new IllegalArgumentException("a resource URI has no leading or trailing '/': '" + value + "'");
    }
  }

  /** Any resource, e.g. a REST path {@code hub/twins/dev1}; the value must not be percent-encoded. */
  public static ResourceUri of(String value) {
    return new ResourceUri(value);
  }

  /** The whole hub, as service policy tokens name it. */
  public static ResourceUri hub(String hubHost) {
    return new ResourceUri(segment(hubHost, "hubHost"));
  }

  /** One device: {@code {hubHost}/devices/{deviceId}}. */
  public static ResourceUri device(String hubHost, String deviceId) {
    return new ResourceUri(segment(hubHost, "hubHost") + "/devices/" + segment(deviceId, "deviceId"));
  }

  /** One module: {@code {hubHost}/devices/{deviceId}/modules/{moduleId}}. */
  public static ResourceUri module(String hubHost, String deviceId, String moduleId) {
    return new ResourceUri(device(hubHost, deviceId).value + "/modules/" + segment(moduleId, "moduleId"));
  }

  /** One DPS registration: {@code {idScope}/registrations/{registrationId}}. */
  public static ResourceUri registration(String idScope, String registrationId) {
    return new ResourceUri(
        segment(idScope, "idScope") + "/registrations/" + segment(registrationId, "registrationId"));
  }

  /**
   * Whether a token granted for {@code granted} (its decoded {@code sr}) reaches this resource: equal, or a prefix
   * ending at a {@code /}, ignoring case. A trailing {@code /} on {@code granted} is ignored.
   */
  public boolean isCoveredBy(String granted) {
    String prefix = granted.endsWith("/") ? granted.substring(0, granted.length() - 1) : granted;
    if (prefix.isEmpty()) {
      return false;
    }
    String mine = value.toLowerCase(Locale.ROOT);
    String theirs = prefix.toLowerCase(Locale.ROOT);
    return mine.equals(theirs) || mine.startsWith(theirs + "/");
  }

  /**
   * Whether a token granted for {@code granted} (its decoded {@code sr}) names exactly this resource, ignoring case and
   * a trailing {@code /}. Device and module tokens must name their identity this way, not by a prefix (see {@link
   * SasVerifier#verifyIdentity}).
   */
  public boolean isNamedBy(String granted) {
    String name = granted.endsWith("/") ? granted.substring(0, granted.length() - 1) : granted;
    return value.equalsIgnoreCase(name);
  }

  private static String segment(String text, String name) {
    Objects.requireNonNull(text, name);
    if (text.isEmpty() || text.contains("/")) {
      throw new IllegalArgumentException(name + " must be non-empty and contain no '/': '" + text + "'");
    }
    return text;
  }

  @Override
  public String toString() {
    return value;
  }
}
