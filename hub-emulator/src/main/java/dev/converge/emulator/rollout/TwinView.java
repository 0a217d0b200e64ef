package dev.converge.emulator.rollout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.hub.Sessions;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.twin.TwinSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Twins as IoT Hub's service API returns them ({@code GET /twins/{id}}) and as its query language sees them (the rows
 * of {@code SELECT * FROM devices} or {@code devices.modules}): identity fields, {@code tags}, {@code
 * properties.desired}/{@code reported} with their {@code $version}, and the {@code configurations} section ADM wrote.
 *
 * <p>Field names follow the service SDK's {@code TwinState}. Times the hub does not track (status and activity) read
 * as IoT Hub's "never", {@code 0001-01-01T00:00:00Z}. {@code $metadata} is not produced: the hub keeps no
 * per-property update times, and the service SDK does not need them. Every row is a fresh tree.
 */
public final class TwinView {

  /** IoT Hub's value for a time that never happened. */
  public static final String NEVER = "0001-01-01T00:00:00Z";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Hub hub;
  private final TwinConfigurations configurations;

  TwinView(Hub hub, TwinConfigurations configurations) {
    this.hub = hub;
    this.configurations = configurations;
  }

  /** The twin of {@code id}, or empty when no such identity is registered. */
  public Optional<ObjectNode> twin(IdentityId id) {
    Optional<Identity> identity = hub.identities().get(id);
    Optional<TwinSnapshot> twin = hub.twins().get(id);
    if (identity.isEmpty() || twin.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(row(identity.get(), twin.get()));
  }

  /** Every device twin, sorted by device id: the collection {@code devices}. */
  public List<ObjectNode> devices() {
    return rows(id -> !id.isModule());
  }

  /** Every module twin, sorted by device then module id: the collection {@code devices.modules}. */
  public List<ObjectNode> modules() {
    return rows(IdentityId::isModule);
  }

  private List<ObjectNode> rows(Predicate<IdentityId> which) {
    List<ObjectNode> rows = new ArrayList<>();
    for (Identity identity : hub.identities().all()) {
      if (which.test(identity.id())) {
        hub.twins().get(identity.id()).ifPresent(twin -> rows.add(row(identity, twin)));
      }
    }
    return rows;
  }

  private ObjectNode row(Identity identity, TwinSnapshot twin) {
    IdentityId id = identity.id();
    Sessions.Presence presence = hub.sessions().presence(id);
    ObjectNode row = NODES.objectNode().put("deviceId", id.deviceId());
    if (id.moduleId() != null) {
      row.put("moduleId", id.moduleId());
    }
    row.put("etag", twin.etag())
        .put("deviceEtag", identity.etag())
        .put("version", twin.version())
        .put("status", identity.enabled() ? "enabled" : "disabled")
        .put("statusUpdateTime", NEVER)
        .put("connectionState", presence.connected() ? "Connected" : "Disconnected")
        .put("connectionStateUpdatedTime", time(presence.since()))
        .put("lastActivityTime", NEVER)
        .put("cloudToDeviceMessageCount", 0)
        .put("authenticationType", identity.credentials().type());
    ObjectNode thumbprints = row.putObject("x509Thumbprint");
    if (identity.credentials() instanceof Credentials.X509Thumbprint x509) {
      putThumbprint(thumbprints, "primaryThumbprint", x509.primaryThumbprint());
      putThumbprint(thumbprints, "secondaryThumbprint", x509.secondaryThumbprint());
    } else {
      thumbprints.putNull("primaryThumbprint").putNull("secondaryThumbprint");
    }
    row.put("modelId", "");
    if (id.moduleId() == null) {
      row.putObject("capabilities").put("iotEdge", false);
    }
    row.set("tags", twin.tags().toObjectNode());
    ObjectNode properties = row.putObject("properties");
    properties.set("desired", twin.desired().toObjectNode().put("$version", twin.desiredVersion()));
    properties.set("reported", twin.reported().toObjectNode().put("$version", twin.reportedVersion()));
    if (!configurations.of(id).isEmpty()) {
      row.set("configurations", configurations.of(id).toObjectNode());
    }
    return row;
  }

  /** An instant as IoT Hub writes times; the epoch (never happened here) as {@link #NEVER}. */
  public static String time(Instant instant) {
    return instant.equals(Instant.EPOCH) ? NEVER : instant.toString();
  }

  private static void putThumbprint(ObjectNode node, String field, String value) {
    if (value.isEmpty()) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
