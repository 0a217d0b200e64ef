package dev.converge.emulator.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.emulator.hub.DeviceLink;
import dev.converge.emulator.hub.DirectMethods;
import dev.converge.emulator.hub.Sessions;
import dev.converge.emulator.hub.TelemetryBuffer;
import dev.converge.emulator.hub.TelemetryMessage;
import dev.converge.emulator.hub.TwinStore;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.TwinError;
import dev.converge.emulator.twin.TwinSnapshot;
import dev.converge.emulator.twin.TwinUpdate;
import dev.converge.emulator.wire.QueryString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IoT Hub device protocol over one MQTT connection (iot-hub-mqtt-support): twin GET and reported PATCH with
 * {@code $rid}-correlated responses, desired-property pushes, direct methods and device-to-cloud messages.
 *
 * <p>Subscriptions live in {@link Sessions}, not here, because a persistent session outlives this connection.
 */
final class IotHubSession implements MqttSession, DeviceLink {

  static final String TWIN_RESPONSES = "$iothub/twin/res/";
  static final String DESIRED_PATCHES = "$iothub/twin/PATCH/properties/desired/";
  private static final String TWIN_GET = "$iothub/twin/GET/";
  private static final String REPORTED_PATCH = "$iothub/twin/PATCH/properties/reported/";
  private static final String METHOD_RESPONSE = "$iothub/methods/res/";

  /**
   * IoT Hub's largest device-to-cloud message: "Device-to-cloud messages can be at most 256 KB"
   * (iot-hub-devguide-messages-construct; iot-hub-mqtt-support, "Compare MQTT support in IoT Hub and Event Grid":
   * maximum message size 256 KB). Over MQTT a larger one gets no acknowledgement; the C# SDK's MQTT send then hangs
   * (Azure/azure-iot-sdk-csharp#1766), and that team found the service rejects the whole 256 KB–1 MB range
   * (azure-iot-sdk-csharp#2055). The Java device SDK does not check the size itself, so the emulator must.
   */
  static final int MAX_MESSAGE_BYTES = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(IotHubSession.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IdentityId id;
  private final MqttOutbound out;
  private final boolean cleanSession;
  private final Sessions sessions;
  private final TwinStore twins;
  private final DirectMethods methods;
  private final TelemetryBuffer telemetry;
  private final Clock clock;
  private final List<String> allowedFilters;
  private final String eventsPrefix;

  IotHubSession(
      IdentityId id,
      MqttOutbound out,
      boolean cleanSession,
      Sessions sessions,
      TwinStore twins,
      DirectMethods methods,
      TelemetryBuffer telemetry,
      Clock clock) {
    this.id = id;
    this.out = out;
    this.cleanSession = cleanSession;
    this.sessions = sessions;
    this.twins = twins;
    this.methods = methods;
    this.telemetry = telemetry;
    this.clock = clock;
    String self = id.isModule() ? "devices/" + id.deviceId() + "/modules/" + id.moduleId() : "devices/" + id.deviceId();
    this.eventsPrefix = self + "/messages/events/";
    List<String> allowed = new ArrayList<>(List.of(
        "$iothub/twin/res/#",
        "$iothub/twin/PATCH/properties/desired/#",
        "$iothub/methods/POST/#",
        self + "/messages/devicebound/#"));
    if (id.isModule()) {
      allowed.add(self + "/inputs/#");
    }
    this.allowedFilters = List.copyOf(allowed);
  }

  @Override
  public IdentityId identity() {
    return id;
  }

  @Override
  public List<Integer> subscribe(List<Subscription> requested) {
    List<Integer> granted = new ArrayList<>();
    for (Subscription s : requested) {
      // Some SDKs subscribe to a narrower filter (e.g. "$iothub/twin/res/+/..." or without "#"); anything that
      // lies inside an allowed filter is accepted, as IoT Hub accepts them.
      boolean ok = allowedFilters.stream().anyMatch(a -> within(s.filter(), a));
      if (ok) {
        sessions.subscribe(id, s.filter(), s.qos());
        granted.add(s.qos());
      } else {
        LOG.warn("{} subscribed to '{}', which IoT Hub does not offer; refused", id, s.filter());
        granted.add(0x80);
      }
    }
    return granted;
  }

  @Override
  public void unsubscribe(List<String> filters) {
    filters.forEach(f -> sessions.unsubscribe(id, f));
  }

  @Override
  public boolean accepts(String topic, byte[] payload) {
    if (isEvent(topic)) {
      long size = messageSize(topic, payload);
      if (size > MAX_MESSAGE_BYTES) {
        LOG.warn("{} sent a device-to-cloud message of {} bytes; IoT Hub's limit is {}", id, size, MAX_MESSAGE_BYTES);
        return false;
      }
      return true;
    }
    return topic.startsWith(TWIN_GET)
        || topic.startsWith(REPORTED_PATCH)
        || topic.startsWith(METHOD_RESPONSE);
  }

  /** The body plus the names and values of the message's properties, each as UTF-8. */
  private long messageSize(String topic, byte[] payload) {
    long size = payload.length;
    for (Map.Entry<String, String> p : properties(topic).entrySet()) {
      size += p.getKey().getBytes(StandardCharsets.UTF_8).length;
      size += p.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  @Override
  public void publish(String topic, byte[] payload) {
    if (topic.startsWith(TWIN_GET)) {
      twinGet(QueryString.of(topic));
    } else if (topic.startsWith(REPORTED_PATCH)) {
      reportedPatch(QueryString.of(topic), payload);
    } else if (topic.startsWith(METHOD_RESPONSE)) {
      methodResponse(topic, payload);
    } else if (isEvent(topic)) {
      event(topic, payload);
    }
  }

  private boolean isEvent(String topic) {
    return topic.startsWith(eventsPrefix) || topic.equals(eventsPrefix.substring(0, eventsPrefix.length() - 1));
  }

  @Override
  public void closed() {
    sessions.detach(this, cleanSession);
  }

  private void twinGet(Map<String, String> query) {
    String rid = query.getOrDefault("$rid", "");
    Optional<TwinSnapshot> twin = twins.get(id);
    if (twin.isEmpty()) {
      respond(404, rid, null, "{\"errorCode\":404001,\"message\":\"twin not found\"}");
      return;
    }
    respond(200, rid, null, twin.get().deviceView().toJson());
  }

  private void reportedPatch(Map<String, String> query, byte[] payload) {
    String rid = query.getOrDefault("$rid", "");
    JsonNode patch;
    try {
      patch = JSON.readTree(payload);
    } catch (IOException e) {
      respond(400, rid, null, error(400004, "the reported patch is not valid JSON: " + e.getMessage()));
      return;
    }
    if (patch == null || !patch.isObject()) {
      respond(400, rid, null, error(400004, "the reported patch must be a JSON object"));
      return;
    }
    TwinUpdate update = twins.patchReported(id, patch);
    if (update instanceof TwinUpdate.Accepted accepted) {
      respond(204, rid, accepted.version(), "");
    } else {
      TwinError e = ((TwinUpdate.Rejected) update).error();
      respond(e.status(), rid, null, error(e.errorCode(), e.message()));
    }
  }

  private void methodResponse(String topic, byte[] payload) {
    // $iothub/methods/res/{status}/?$rid={rid}
    String rest = topic.substring(METHOD_RESPONSE.length());
    int slash = rest.indexOf('/');
    String statusText = slash < 0 ? rest : rest.substring(0, slash);
    int status;
    try {
      status = Integer.parseInt(statusText);
    } catch (NumberFormatException e) {
      LOG.warn("{} answered a method with a non-numeric status '{}'; ignored", id, statusText);
      return;
    }
    methods.answer(id, QueryString.of(topic).getOrDefault("$rid", ""), status, payload);
  }

  private void event(String topic, byte[] payload) {
    Map<String, String> system = new LinkedHashMap<>();
    Map<String, String> application = new LinkedHashMap<>();
    properties(topic).forEach((key, value) ->
        (key.startsWith("$.") || key.startsWith("iothub-") ? system : application).put(key, value));
    telemetry.add(new TelemetryMessage(id, payload, system, application, clock.instant()));
  }

  /** A device-to-cloud topic's property bag, decoded, in order. */
  private Map<String, String> properties(String topic) {
    Map<String, String> properties = new LinkedHashMap<>();
    String bag = topic.length() > eventsPrefix.length() ? topic.substring(eventsPrefix.length()) : "";
    // Property bags are URL-encoded key=value pairs; C and Python SDKs percent-encode the '$' of system properties.
    for (String pair : bag.split("&")) {
      if (pair.isEmpty() || pair.equals("/")) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = QueryString.decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : QueryString.decode(pair.substring(eq + 1));
      if (key.endsWith("/")) {
        key = key.substring(0, key.length() - 1);
      }
      properties.put(key, value);
    }
    return properties;
  }

  /** Publishes a twin response if the device subscribed to twin responses, as IoT Hub only delivers then. */
  private void respond(int status, String rid, @Nullable Long version, String body) {
    String topic = TWIN_RESPONSES + status + "/?$rid=" + rid + (version == null ? "" : "&$version=" + version);
    send(topic, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code payload} if a subscription of this session matches; used for pushes and responses alike. */
  @Override
  public boolean send(String topic, byte[] payload) {
    Optional<Integer> qos = sessions.subscribedQos(id, topic);
    if (qos.isEmpty()) {
      return false;
    }
    out.publish(topic, payload, qos.get());
    return true;
  }

  @Override
  public void close(String reason) {
    out.close(reason);
  }

  private static String error(int code, String message) {
    return JSON.createObjectNode().put("errorCode", code).put("message", message).toString();
  }


  /** Whether every topic {@code filter} can match is also matched by {@code allowed}. */
  static boolean within(String filter, String allowed) {
    String[] f = filter.split("/", -1);
    String[] a = allowed.split("/", -1);
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals("#")) {
        return true;
      }
      if (i >= f.length || f[i].equals("#")) {
        return false;
      }
      if (!a[i].equals("+") && (f[i].equals("+") || !a[i].equals(f[i]))) {
        return false;
      }
    }
    return f.length == a.length;
  }
}
