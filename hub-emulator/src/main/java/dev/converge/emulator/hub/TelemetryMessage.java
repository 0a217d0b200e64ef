package dev.converge.emulator.hub;

import dev.converge.emulator.identity.IdentityId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One device-to-cloud message as the hub received it.
 *
 * @param from the sending device or module
 * @param body the payload bytes (kept as a defensive copy)
 * @param systemProperties IoT Hub system properties decoded from the topic, e.g. {@code $.mid}, {@code $.ct}
 * @param applicationProperties the application's own properties from the topic
 * @param enqueued when the hub accepted it
 */
public record TelemetryMessage(
    IdentityId from,
    byte[] body,
    Map<String, String> systemProperties,
    Map<String, String> applicationProperties,
    Instant enqueued) {

  public TelemetryMessage {
    Objects.requireNonNull(from, "from");
    body = body.clone();
    systemProperties = Map.copyOf(systemProperties);
    applicationProperties = Map.copyOf(applicationProperties);
    Objects.requireNonNull(enqueued, "enqueued");
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public String bodyText() {
    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }
}
