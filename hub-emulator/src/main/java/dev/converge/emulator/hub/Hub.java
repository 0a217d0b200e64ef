package dev.converge.emulator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.identity.IdentityRegistry;
import dev.converge.emulator.twin.TwinDocument;
import dev.converge.emulator.twin.TwinSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The hub's state and rules, independent of any wire protocol: identities and their twins, sessions, direct methods
 * and telemetry, saved to one durable {@link StateFile}.
 *
 * <p>Other parts (ADM configurations, DPS enrollments, service policies) add their own {@link StateSection} before
 * {@link #load()}. Every durable change ends in {@link #changed()}.
 */
public final class Hub implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final IdentityRegistry identities;
  private final TwinStore twins = new TwinStore();
  private final Sessions sessions;
  private final DirectMethods methods;
  private final TelemetryBuffer telemetry;
  private final List<StateSection> sections = new ArrayList<>();
  private final List<Runnable> registryListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Path stateFile;
  private @Nullable StateFile state;

  public Hub(Clock clock, Path stateFile, int telemetryCapacity) {
    this.clock = clock;
    this.stateFile = stateFile;
    this.identities = new IdentityRegistry(clock);
    this.sessions = new Sessions(clock, this::changed);
    this.methods = new DirectMethods(sessions);
    this.telemetry = new TelemetryBuffer(telemetryCapacity);
    twins.addListener((id, update) -> changed());
    sections.add(new RegistrySection());
    sections.add(new SessionsSection());
  }

  /** Adds a durable section; only before {@link #load()}. */
  public void addSection(StateSection section) {
    if (state != null) {
      throw new IllegalStateException("sections must be added before the state is loaded");
    }
    sections.add(section);
  }

  /** Told after every identity registration, update and deletion, whichever door it came through. */
  public void addRegistryListener(Runnable listener) {
    registryListeners.add(listener);
  }

  /** Loads the durable state (if any) and starts saving changes. */
  public void load() {
    StateFile file = new StateFile(stateFile, sections);
    file.load();
    state = file;
  }

  /** Something durable changed; it will be saved shortly. */
  public void changed() {
    StateFile file = state;
    if (file != null) {
      file.changed();
    }
  }

  public Clock clock() {
    return clock;
  }

  public IdentityRegistry identities() {
    return identities;
  }

  public TwinStore twins() {
    return twins;
  }

  public Sessions sessions() {
    return sessions;
  }

  public DirectMethods methods() {
    return methods;
  }

  public TelemetryBuffer telemetry() {
    return telemetry;
  }

  // Registration, update and deletion are serialised so that an identity and its twin come and go together.

  /** Registers an identity with a new, empty twin. Null credentials generate symmetric keys. */
  public synchronized Identity register(IdentityId id, @Nullable Credentials credentials, boolean enabled) {
    Identity identity = identities.create(id, credentials, enabled);
    twins.create(id);
    registryChanged();
    return identity;
  }

  /** Updates an identity; a disabled identity's live connection is closed, as IoT Hub closes it. */
  public synchronized Identity update(
      IdentityId id, @Nullable Credentials credentials, boolean enabled, String ifMatch) {
    Identity identity = identities.update(id, credentials, enabled, ifMatch);
    if (!enabled) {
      DeviceLink link = sessions.link(id);
      if (link != null) {
        link.close("identity disabled");
      }
    }
    registryChanged();
    return identity;
  }

  /** Deletes an identity (a device with its modules), with twins, sessions and telemetry. */
  public synchronized List<IdentityId> deregister(IdentityId id, String ifMatch) {
    List<IdentityId> removed = identities.delete(id, ifMatch);
    for (IdentityId gone : removed) {
      twins.remove(gone);
      sessions.forget(gone);
      telemetry.forget(gone);
    }
    registryChanged();
    return removed;
  }

  private void registryChanged() {
    changed();
    registryListeners.forEach(Runnable::run);
  }

  /** Saves now; used when stopping and by tests that simulate a crash right after a change. */
  public void flush() {
    StateFile file = state;
    if (file != null) {
      file.flush();
    }
  }

  /** Releases threads without writing: the hub never started, and its state file must stay as it was. */
  public void closeWithoutSaving() {
    methods.close();
    StateFile file = state;
    state = null;
    if (file != null) {
      file.abandon();
    }
  }

  @Override
  public void close() {
    sessions.closeAll("hub stopping");
    methods.close();
    StateFile file = state;
    if (file != null) {
      file.close();
    }
  }

  /** Identities with their twins, saved together so they can never disagree. */
  private final class RegistrySection implements StateSection {
    @Override
    public String name() {
      return "identities";
    }

    @Override
    public JsonNode save() {
      ArrayNode array = JSON.createArrayNode();
      for (Identity identity : identities.all()) {
        ObjectNode node = array.addObject();
        node.put("deviceId", identity.id().deviceId());
        if (identity.id().moduleId() != null) {
          node.put("moduleId", identity.id().moduleId());
        }
        node.put("enabled", identity.enabled())
            .put("generationId", identity.generationId())
            .put("etag", identity.etag())
            .put("created", identity.created().toString())
            .put("managedBy", identity.managedBy());
        ObjectNode auth = node.putObject("authentication").put("type", identity.credentials().type());
        if (identity.credentials() instanceof Credentials.SymmetricKey keys) {
          auth.put("primary", keys.primaryKey()).put("secondary", keys.secondaryKey());
        } else if (identity.credentials() instanceof Credentials.X509Thumbprint prints) {
          auth.put("primary", prints.primaryThumbprint()).put("secondary", prints.secondaryThumbprint());
        }
        twins.get(identity.id()).ifPresent(t -> node.set("twin", twinJson(t)));
      }
      return array;
    }

    @Override
    public void load(JsonNode saved) {
      List<Identity> loaded = new ArrayList<>();
      Map<IdentityId, TwinSnapshot> loadedTwins = new LinkedHashMap<>();
      for (JsonNode node : saved) {
        IdentityId id = new IdentityId(text(node, "deviceId"), node.hasNonNull("moduleId") ? text(node, "moduleId") : null);
        JsonNode auth = node.path("authentication");
        Credentials credentials =
            "selfSigned".equals(auth.path("type").asText())
                ? new Credentials.X509Thumbprint(text(auth, "primary"), text(auth, "secondary"))
                : new Credentials.SymmetricKey(text(auth, "primary"), text(auth, "secondary"));
        loaded.add(new Identity(
            id,
            credentials,
            node.path("enabled").asBoolean(true),
            text(node, "generationId"),
            text(node, "etag"),
            Instant.parse(text(node, "created")),
            node.path("managedBy").asText("")));
        JsonNode twin = node.get("twin");
        loadedTwins.put(id, twin == null ? null : twinFromJson(twin));
      }
      identities.restore(loaded);
      loadedTwins.forEach((id, twin) -> {
        if (twin == null) {
          twins.create(id);
        } else {
          twins.restore(id, twin);
        }
      });
    }
  }

  private final class SessionsSection implements StateSection {
    @Override
    public String name() {
      return "sessions";
    }

    @Override
    public JsonNode save() {
      ObjectNode node = JSON.createObjectNode();
      sessions.stored().forEach((id, filters) -> {
        ObjectNode f = node.putObject(id.clientId());
        filters.forEach(f::put);
      });
      return node;
    }

    @Override
    public void load(JsonNode saved) {
      Map<IdentityId, Map<String, Integer>> restored = new LinkedHashMap<>();
      saved.fields().forEachRemaining(e -> {
        Map<String, Integer> filters = new LinkedHashMap<>();
        e.getValue().fields().forEachRemaining(f -> filters.put(f.getKey(), f.getValue().asInt()));
        restored.put(IdentityId.fromClientId(e.getKey()), filters);
      });
      sessions.restore(restored);
    }
  }

  private static ObjectNode twinJson(TwinSnapshot twin) {
    ObjectNode node = JSON.createObjectNode();
    node.set("tags", twin.tags().toObjectNode());
    node.set("desired", twin.desired().toObjectNode());
    node.put("desiredVersion", twin.desiredVersion());
    node.set("reported", twin.reported().toObjectNode());
    node.put("reportedVersion", twin.reportedVersion());
    node.put("version", twin.version());
    return node;
  }

  private static TwinSnapshot twinFromJson(JsonNode node) {
    return new TwinSnapshot(
        TwinDocument.copyOf(node.path("tags")),
        TwinDocument.copyOf(node.path("desired")),
        node.path("desiredVersion").asLong(),
        TwinDocument.copyOf(node.path("reported")),
        node.path("reportedVersion").asLong(),
        node.path("version").asLong());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not a string in " + node);
    }
    return value.asText();
  }
}
