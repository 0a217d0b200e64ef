package dev.converge.emulator.identity;

import java.util.Comparator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A device ({@code moduleId == null}) or one of its modules. The MQTT client id and the SAS resource path both
 * derive from it.
 */
public record IdentityId(String deviceId, @Nullable String moduleId) implements Comparable<IdentityId> {

  private static final Comparator<IdentityId> ORDER =
      Comparator.comparing(IdentityId::deviceId)
          .thenComparing(id -> id.moduleId() == null ? "" : id.moduleId());

  public IdentityId {
    Objects.requireNonNull(deviceId, "deviceId");
  }

  public static IdentityId device(String deviceId) {
    return new IdentityId(deviceId, null);
  }

  public static IdentityId module(String deviceId, String moduleId) {
    return new IdentityId(deviceId, Objects.requireNonNull(moduleId, "moduleId"));
  }

  /** Parses an MQTT client id: {@code device} or {@code device/module}. */
  public static IdentityId fromClientId(String clientId) {
    int slash = clientId.indexOf('/');
    return slash < 0
        ? device(clientId)
        : module(clientId.substring(0, slash), clientId.substring(slash + 1));
  }

  public boolean isModule() {
    return moduleId != null;
  }

  /** The MQTT client id IoT Hub expects: {@code deviceId} or {@code deviceId/moduleId}. */
  public String clientId() {
    return moduleId == null ? deviceId : deviceId + "/" + moduleId;
  }

  /** The SAS resource below the host name: {@code devices/d} or {@code devices/d/modules/m}. */
  public String resourcePath() {
    return moduleId == null ? "devices/" + deviceId : "devices/" + deviceId + "/modules/" + moduleId;
  }

  @Override
  public int compareTo(IdentityId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return clientId();
  }
}
