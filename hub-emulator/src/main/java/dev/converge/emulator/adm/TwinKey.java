package dev.converge.emulator.adm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which twin an evaluation result is for: a device twin, or one module twin of a device.
 *
 * @param deviceId the device
 * @param moduleId the module, or {@code null} for the device twin
 */
public record TwinKey(String deviceId, @Nullable String moduleId) {

  public TwinKey {
    Objects.requireNonNull(deviceId, "deviceId");
  }

  /** The key of a twin shaped like a query result: its {@code deviceId} and, for a module twin, {@code moduleId}. */
  static TwinKey of(ObjectNode twin) {
    JsonNode device = twin.get("deviceId");
    if (device == null || !device.isTextual()) {
      throw new IllegalArgumentException("a twin needs a string deviceId: " + twin);
    }
    JsonNode module = twin.get("moduleId");
    return new TwinKey(device.textValue(), module != null && module.isTextual() ? module.textValue() : null);
  }

  @Override
  public String toString() {
    return moduleId == null ? deviceId : deviceId + "/" + moduleId;
  }
}
