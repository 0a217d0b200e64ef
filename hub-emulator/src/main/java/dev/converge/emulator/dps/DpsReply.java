package dev.converge.emulator.dps;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A DPS answer independent of transport: an HTTP status and JSON body. MQTT carries the status in the response topic
 * ({@code $dps/registrations/res/{status}/?$rid=..}), HTTPS as the response status.
 *
 * @param status 200, 202 (ask again after {@link #RETRY_AFTER_SECONDS}) or an error status
 * @param body JSON text
 */
record DpsReply(int status, String body) {

  /**
   * What DPS tells devices to wait before polling. The Java SDK 2.1.3 raises anything below 2 s to 2 s
   * ({@code ProvisioningDeviceClientContract.setRetrieveRetryAfterValue}), so 1 costs nothing extra.
   */
  static final int RETRY_AFTER_SECONDS = 1;

  DpsReply {
    Objects.requireNonNull(body, "body");
  }

  boolean isPending() {
    return status == 202;
  }

  /** DPS's error body: {@code {"errorCode":401002,"trackingId":"..","message":"Unauthorized","timestampUtc":".."}}. */
  static DpsReply error(int status, int errorCode, String message, Instant now) {
    return new DpsReply(status, JsonNodeFactory.instance.objectNode()
        .put("errorCode", errorCode)
        .put("trackingId", UUID.randomUUID().toString())
        .put("message", message)
        .put("timestampUtc", now.toString())
        .toString());
  }

  /** What DPS answers to any authentication failure; the reason stays in the emulator log. */
  static DpsReply unauthorized(Instant now) {
    return error(401, 401002, "Unauthorized", now);
  }
}
