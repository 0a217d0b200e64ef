package dev.converge.agent.state;

import dev.converge.engine.model.NodeValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the agent last knew, as it saves it for the command line ({@link LocalState}): who it is, whether it is
 * connected, the desired document it works on and the reported document the hub last acknowledged.
 *
 * <p>{@code desired} is the full desired document as received, so it may hold secrets (write-only properties):
 * {@link LocalState} stores it readable by its owner only, and {@link #toString()} leaves both documents out.
 *
 * @param deviceId the device identity in the hub
 * @param moduleId the module identity, or {@code null} when the agent connects as the device
 * @param hubHostName the IoT Hub host name ({@code contoso.azure-devices.net})
 * @param connection the connection's state
 * @param connectionSince when it entered that state
 * @param desiredVersion the desired {@code $version} of {@code desired}
 * @param desired the full desired document (without {@code $version} and {@code $metadata})
 * @param reported the reported document as the hub last acknowledged it
 * @param updated when this state was taken
 * @param pid the agent's process id
 */
public record AgentState(
    String deviceId,
    @Nullable String moduleId,
    String hubHostName,
    Connection connection,
    Instant connectionSince,
    long desiredVersion,
    NodeValue.Obj desired,
    NodeValue.Obj reported,
    Instant updated,
    long pid) {

  /** The hub connection, as the agent sees it. */
  public enum Connection {
    /** Connecting for the first time, or again after losing the connection (the SDK retries). */
    CONNECTING,
    /** Connected: desired updates arrive and reported patches are sent. */
    CONNECTED,
    /** Not connected and not trying (stopped, or given up: bad credentials, identity disabled). */
    DISCONNECTED;

    /** The name in {@code state.json} and in output: lower case. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The connection with this {@link #wireName()}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Connection parse(String text) {
      for (Connection c : values()) {
        if (c.wireName().equals(text)) {
          return c;
        }
      }
      throw new IllegalArgumentException("unknown connection state '" + text
          + "' (connecting, connected or disconnected)");
    }
  }

  public AgentState {
    requireText(deviceId, "deviceId");
    if (moduleId != null && moduleId.isEmpty()) {
      throw new IllegalArgumentException("moduleId must be null or non-empty");
    }
    requireText(hubHostName, "hubHostName");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(connectionSince, "connectionSince");
    if (desiredVersion < 0) {
      throw new IllegalArgumentException("desiredVersion must not be negative, was " + desiredVersion);
    }
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(reported, "reported");
    Objects.requireNonNull(updated, "updated");
    if (pid < 1) {
      throw new IllegalArgumentException("pid must be positive, was " + pid);
    }
  }

  /** A copy after the connection changed. */
  public AgentState withConnection(Connection newConnection, Instant since) {
    return new AgentState(deviceId, moduleId, hubHostName, newConnection, since, desiredVersion, desired, reported,
        since, pid);
  }

  /** A copy with a new desired document (after a patch was merged, or a full GET). */
  public AgentState withDesired(long version, NodeValue.Obj document, Instant now) {
    return new AgentState(deviceId, moduleId, hubHostName, connection, connectionSince, version, document, reported,
        now, pid);
  }

  /** A copy with the reported document the hub acknowledged. */
  public AgentState withReported(NodeValue.Obj document, Instant now) {
    return new AgentState(deviceId, moduleId, hubHostName, connection, connectionSince, desiredVersion, desired,
        document, now, pid);
  }

  /** The identity as IoT Hub names it: {@code device} or {@code device/module}. */
  public String identity() {
    return moduleId == null ? deviceId : deviceId + "/" + moduleId;
  }

  /** Identity, connection and versions; never the documents (the desired one may hold secrets). */
  @Override
  public String toString() {
    return "AgentState[" + identity() + "@" + hubHostName + ", " + connection.wireName() + " since "
        + connectionSince + ", desired version " + desiredVersion + " (" + desired.fields().size() + " keys), reported "
        + reported.fields().size() + " keys, updated " + updated + ", pid " + pid + "]";
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
