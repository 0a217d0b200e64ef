package dev.converge.emulator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The outcome of a direct method call, as the service API answers it. */
public sealed interface MethodResult {

  /** The device answered: its status and payload ({@code null} JSON when it sent none). */
  record Responded(int status, JsonNode payload) implements MethodResult {
    public Responded {
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** The hub could not get an answer: HTTP status, IoT Hub error code and why. */
  record Failed(int httpStatus, int errorCode, String message) implements MethodResult {
    /** IoT Hub's 404103 DeviceNotOnline: not connected, or connected without subscribing to methods. */
    static Failed notOnline(String id) {
      return new Failed(404, 404103, "device " + id + " is not online (not connected or not subscribed to methods)");
    }

    /** IoT Hub's 504101 GatewayTimeout: the device did not answer in time. */
    static Failed timedOut(String id, String method, long seconds) {
      return new Failed(
          504, 504101, "device " + id + " did not answer method '" + method + "' within " + seconds + " s");
    }

    static Failed invalid(String message) {
      return new Failed(400, 400004, message);
    }
  }
}
