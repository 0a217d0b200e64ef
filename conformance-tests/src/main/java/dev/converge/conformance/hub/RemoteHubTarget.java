package dev.converge.conformance.hub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.converge.agent.operator.ServiceTarget;
import dev.converge.conformance.DesiredAnswer;
import dev.converge.conformance.DeviceAction;
import dev.converge.conformance.DeviceRoot;
import dev.converge.conformance.MergePatch;
import dev.converge.conformance.MethodResponse;
import dev.converge.conformance.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A device (or module) running Converge behind a real IoT Hub, reached only as an operator reaches it: through the
 * official service SDK ({@link ServiceTarget}'s twin and direct-method clients). Desired writes go into the twin;
 * the target then polls the twin until the device has answered ({@link DesiredAnswer}): reported
 * {@code __summary.desiredVersion} at least the new desired {@code $version}, and no group {@code pending}, or fails
 * after the answer timeout naming what it waited for.
 *
 * <p>It has no {@link Target.Feature}s: the device's clock, files and journal are on the device, out of the runner's
 * reach, so {@link #advance}, {@link #fault}, {@link #device} and {@link #journal} throw
 * {@link UnsupportedOperationException} with the reason, and the runner skips scenarios that need them.
 *
 * <p>Scenarios share the device: each one starts from the twin the previous one left. A validator case's
 * {@code readBackPause} is honoured in real time (counted from the desired write), unless switched off.
 */
public final class RemoteHubTarget implements Target {

  static final String NO_CLOCK = "a device behind a real hub runs on its own clock, which the runner cannot move";
  static final String NO_FILES = "the device's files are on the device, which the runner reaches only through the"
      + " hub";
  static final String NO_JOURNAL = "the agent's journal is on the device, which the runner reaches only through the"
      + " hub";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ServiceTarget hub;
  private final String deviceId;
  private final @Nullable String moduleId;
  private final Options options;
  private final TwinClient twins;
  private final DirectMethodsClient methods;
  private long lastDesiredWrite = System.nanoTime();

  /**
   * How the target waits.
   *
   * @param answerTimeout how long the device may take to answer a desired write or a direct method
   * @param pollInterval how often the twin is read while waiting for an answer
   * @param readBackPause whether a validator case's {@code readBackPause} is waited out after the answer
   */
  public record Options(Duration answerTimeout, Duration pollInterval, boolean readBackPause) {
    public Options {
      Objects.requireNonNull(answerTimeout, "answerTimeout");
      Objects.requireNonNull(pollInterval, "pollInterval");
      if (answerTimeout.isNegative() || answerTimeout.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("timeouts and intervals are positive");
      }
    }

    /** One minute to answer, the twin read twice a second, pauses honoured. */
    public static Options defaults() {
      return new Options(Duration.ofMinutes(1), Duration.ofMillis(500), true);
    }
  }

  public RemoteHubTarget(ServiceTarget hub, String deviceId, @Nullable String moduleId, Options options) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.moduleId = moduleId;
    this.options = Objects.requireNonNull(options, "options");
    this.twins = hub.twins();
    this.methods = hub.methods();
  }

  /** {@code device dut-1 on myhub.azure-devices.net}, for messages. */
  public String describe() {
    return (moduleId == null ? "device " + deviceId : "module " + deviceId + "/" + moduleId) + " on "
        + hub.endpoint();
  }

  @Override
  public Optional<String> lacks(Target.Feature feature) {
    return Optional.of(switch (feature) {
      case CLOCK -> NO_CLOCK;
      case FILES -> NO_FILES;
      case JOURNAL -> NO_JOURNAL;
    });
  }

  /** Reads the twin and patches the difference into desired (nothing when there is none), then waits. */
  @Override
  public void setDesired(JsonNode desired) {
    ObjectNode patch = MergePatch.diff(section(read().getDesiredProperties().toJsonObject().toString()), desired);
    if (!patch.isEmpty()) {
      patchDesired(patch);
    }
  }

  @Override
  public void patchDesired(JsonNode patch) {
    if (!patch.isObject() || patch.isEmpty()) {
      throw new IllegalArgumentException("a desired patch is a non-empty JSON object, not " + patch);
    }
    Twin twin = moduleId == null ? new Twin(deviceId) : new Twin(deviceId, moduleId);
    twin.getDesiredProperties().putAll(JSON.convertValue(patch, MAP));
    Twin updated;
    try {
      updated = twins.patch(twin);
    } catch (IotHubException | IOException e) {
      throw new IllegalStateException(describe() + ": the hub refused the desired patch: " + e.getMessage(), e);
    }
    lastDesiredWrite = System.nanoTime();
    Integer version = updated == null ? null : updated.getDesiredProperties().getVersion();
    if (version == null) {
      version = read().getDesiredProperties().getVersion();
    }
    if (version == null) {
      throw new IllegalStateException(describe() + ": the hub's twin has no desired $version");
    }
    awaitAnswer(version);
  }

  @Override
  public JsonNode reported() {
    return section(read().getReportedProperties().toJsonObject().toString());
  }

  @Override
  public void advance(Duration duration) {
    throw new UnsupportedOperationException(NO_CLOCK);
  }

  /** Waits until {@code pause} has passed since the last desired write, unless pauses are switched off. */
  @Override
  public void pause(Duration pause) {
    if (!options.readBackPause()) {
      return;
    }
    long left = pause.toNanos() - (System.nanoTime() - lastDesiredWrite);
    if (left > 0) {
      sleep(Duration.ofNanos(left));
    }
  }

  @Override
  public void fault(DeviceAction action) {
    throw new UnsupportedOperationException(NO_FILES);
  }

  @Override
  public DeviceRoot device() {
    throw new UnsupportedOperationException(NO_FILES);
  }

  @Override
  public List<String> journal() {
    throw new UnsupportedOperationException(NO_JOURNAL);
  }

  @Override
  public MethodResponse invoke(String method, JsonNode payload) {
    DirectMethodRequestOptions request = DirectMethodRequestOptions.builder()
        .payload(JsonParser.parseString(payload.toString()))
        .methodResponseTimeoutSeconds((int) Math.max(5, Math.min(300, options.answerTimeout().toSeconds())))
        .methodConnectTimeoutSeconds(0)
        .build();
    DirectMethodResponse response;
    try {
      response = moduleId == null ? methods.invoke(deviceId, method, request)
          : methods.invoke(deviceId, moduleId, method, request);
    } catch (IotHubException | IOException e) {
      throw new IllegalStateException(describe() + ": no answer to " + method + ": " + e.getMessage(), e);
    }
    String body = response.getPayloadAsJsonString();
    try {
      return new MethodResponse(response.getStatus(), JSON.readTree(body == null ? "null" : body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(describe() + ": " + method + " answered with a payload that is not JSON: "
          + body, e);
    }
  }

  /** Nothing to close: the SDK's HTTPS clients hold no connection between requests. */
  @Override
  public void close() {}

  private void awaitAnswer(long version) {
    long deadline = System.nanoTime() + options.answerTimeout().toNanos();
    JsonNode reported = reported();
    while (DesiredAnswer.missing(reported, version).isPresent()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException(DesiredAnswer.timedOut(describe(), version, options.answerTimeout(),
            reported));
      }
      sleep(options.pollInterval());
      reported = reported();
    }
  }

  private Twin read() {
    try {
      return moduleId == null ? twins.get(deviceId) : twins.get(deviceId, moduleId);
    } catch (IotHubException | IOException e) {
      throw new IllegalStateException(describe() + ": cannot read the twin: " + e.getMessage(), e);
    }
  }

  /** A twin section as the SDK renders it, without its {@code $version}. */
  private static ObjectNode section(String json) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(json);
      node.remove("$version");
      return node;
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("the service SDK rendered a twin section that is not a JSON object: " + json, e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the device", e);
    }
  }
}
