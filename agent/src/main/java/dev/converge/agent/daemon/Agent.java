package dev.converge.agent.daemon;

import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import dev.converge.adapters.exec.ProcessCommandRunner;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.config.IdentitySpec;
import dev.converge.agent.config.TwinMode;
import dev.converge.agent.hub.HubConnection;
import dev.converge.agent.identity.ConnectionStringSource;
import dev.converge.agent.identity.DpsSource;
import dev.converge.agent.identity.HubIdentity;
import dev.converge.agent.identity.IdentityException;
import dev.converge.agent.identity.IdentitySource;
import dev.converge.agent.journal.FileJournal;
import dev.converge.agent.runtime.AdapterCatalog;
import dev.converge.agent.runtime.DefinitionSet;
import dev.converge.engine.Engine;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.Clock;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.TwinChannel;
import dev.converge.engine.report.Summary;
import dev.converge.agent.audit.AuditMessage;
import dev.converge.agent.state.AgentState;
import dev.converge.agent.state.LocalState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device agent: an engine over the device's adapters, connected to IoT Hub through the official SDK.
 *
 * <p>Two threads of its own: the {@link EngineThread}, which alone touches the engine, and a connector, which
 * obtains the identity, opens the connection with capped exponential backoff, reconnects when the SDK gives up or the
 * hub refuses the identity, and reconnects with a fresh token before the current one expires. After every
 * (re)connect the full twin is read, so patches missed while offline are not lost; the engine ignores patches at or
 * below the version it has.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
  /** How long a read of engine state from another thread may wait for the engine thread (a pass, a twin GET). */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final AgentConfig config;
  private final Clock clock;
  private final IdentitySource identities;
  /** Rebuilt when the agent comes to speak for another twin (re-provisioned); replaced on the engine thread only. */
  private volatile @Nullable Engine engine;
  /** The twin the current engine was started for; engine thread only. */
  private @Nullable HubIdentity engineIdentity;
  private final HubConnection connection;
  private final EngineThread engineThread;
  private final Thread connector;
  private final Object signal = new Object();
  private final Random jitter = new Random();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private volatile boolean stopping;
  /** Set on the engine thread once {@code engine.start()} succeeded (it reads the twin, which may fail). */
  private volatile boolean engineReady;
  private volatile boolean reconnectNeeded = true;
  /** Failed attempts in a row (connecting, or setting up after connecting); sets the backoff. */
  private volatile int failures;
  private volatile boolean credentialRefused;
  private volatile String connectionState = "connecting";
  private volatile Instant connectionSince;
  private volatile @Nullable String lastError;
  private final AgentListener listener;
  private final LocalState localState;
  /** Audit messages of the current pass (and of commands, which run on SDK threads), sent after the pass. */
  private final java.util.Queue<String> auditOutbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** What was last saved to {@code state.json}, so an unchanged pass writes nothing; engine thread only. */
  private @Nullable AgentState saved;

  /** Hooks for what the agent does, for the CLI and tests; every method has a do-nothing default. */
  public interface AgentListener {
    /** After each engine pass (on the engine thread): the engine's reported document may have changed. */
    default void afterPass(Agent agent) {}
  }

  private Agent(AgentConfig config, Clock clock, IdentitySource identities, AgentListener listener) {
    this.config = config;
    this.clock = clock;
    this.identities = identities;
    this.listener = listener;
    this.connectionSince = clock.now();
    this.localState = new LocalState(config.data());
    this.engineThread = new EngineThread(clock, config.debounce(), this::afterPass, () -> engineReady,
        () -> engine);
    this.connection = new HubConnection(config.sdk(), config.trustedCaFile().orElse(null), engineThread,
        new ConnectionEvents(), java.time.Clock.systemUTC());
    this.connector = new Thread(this::connectLoop, "converge-connector");
    this.connector.setDaemon(true);
  }

  /**
   * Builds an agent from its configuration; nothing is opened until {@link #start()}.
   *
   * @throws IllegalArgumentException when the identity in the configuration cannot be used, saying why
   */
  public static Agent create(AgentConfig config, Clock clock, AgentListener listener) {
    return new Agent(config, clock, identitySource(config), listener);
  }

  /** Starts connecting in the background; {@link #awaitStarted} waits for the first full report. */
  public Agent start() {
    // The engine (definitions, schemas, adapters: a few hundred ms of class loading) is built on the engine thread
    // while the connector opens the connection, instead of before it.
    engineThread.start();
    engineThread.execute(this::ensureEngine);
    connector.start();
    return this;
  }

  /** Builds the engine if there is none yet; engine thread. */
  private void ensureEngine() {
    if (engine == null) {
      engine = buildEngine();
    }
  }

  /**
   * Waits until the agent is connected and has sent its first full report.
   *
   * @throws TimeoutException if that takes longer than {@code timeout}; the agent keeps trying
   */
  public void awaitStarted(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the agent could not start", e.getCause());
    }
  }

  public AgentConfig config() {
    return config;
  }

  public boolean isConnected() {
    return connection.isConnected();
  }

  /** {@code connecting}, {@code connected}, {@code retrying} or {@code disconnected}, and since when. */
  public String connectionState() {
    return connectionState;
  }

  public Instant connectionSince() {
    return connectionSince;
  }

  public Optional<String> lastError() {
    return Optional.ofNullable(lastError);
  }

  public Optional<HubIdentity> identity() {
    return connection.identity();
  }

  /** Runs {@code query} on the engine thread; for reading engine state from elsewhere. */
  public <T> T read(java.util.function.Function<Engine, T> query) {
    if (engineThread.isEngineThread()) {
      return query.apply(engine);
    }
    return engineThread.submit(() -> query.apply(engine))
        .orTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  public NodeValue.Obj reported() {
    return read(Engine::reported);
  }

  public Summary summary() {
    return read(Engine::summary);
  }

  /** Wakes the engine thread: the clock moved (tests), or the device changed behind the agent's back. */
  public void wake() {
    engineThread.execute(() -> {});
  }

  /**
   * Runs one engine pass now and waits for it: due drift scans and retries fire, queued groups reconcile, the
   * reported patch is sent and acknowledged. For tests and the conformance runner, after moving a manual clock or
   * changing the device.
   */
  public void settle() {
    engineThread.submit(() -> {
      engine.tick();
      engine.runUntilIdle();
      afterPass();
      return null;
    }).orTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  @Override
  public void close() {
    stopping = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    connection.close(); // refuses a connection the connector may be opening right now
    connector.interrupt();
    try {
      connector.join(10_000);
      engineThread.execute(() -> {
        state("disconnected");
        saveState();
      });
      engineThread.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
    Engine e = engine;
    if (e != null) {
      e.close();
    }
    started.completeExceptionally(new IllegalStateException("the agent was stopped"));
    LOG.info("agent stopped");
  }

  private Engine buildEngine() {
    DefinitionSet definitions = config.definitions().isEmpty()
        ? DefinitionSet.bundled() : DefinitionSet.fromFolders(config.definitions());
    AdapterCatalog catalog = AdapterCatalog.discover();
    CapabilityRegistry registry = definitions.resolve(catalog.ids());
    for (DefinitionProblem p : definitions.problems()) {
      LOG.warn("capability definition problem: {}", p);
    }
    for (DefinitionProblem p : registry.problems()) {
      LOG.warn("capability problem: {}", p);
    }
    try {
      Files.createDirectories(config.root());
      Files.createDirectories(config.data());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the root or data folder", e);
    }
    Map<String, NodeAdapter> adapters = catalog.openAll(
        new AdapterContext(config.root().toString(), clock, new ProcessCommandRunner(), Map.of()));
    Engine.Builder builder = Engine.builder()
        .capabilities(registry, definitions.problems())
        .channel(connection)
        .journal(new FileJournal(localState.journalFile()))
        .clock(clock);
    if (config.audit()) {
      // Sent after the pass's reported patch, not before it: the report is what operators wait for.
      builder.audit(event -> auditOutbox.add(AuditMessage.of(event).body()));
    }
    adapters.forEach(builder::adapter);
    return builder.build();
  }

  private static IdentitySource identitySource(AgentConfig config) {
    IdentitySpec spec = config.identity();
    if (spec instanceof IdentitySpec.ConnectionString cs) {
      ConnectionStringSource source = ConnectionStringSource.of(cs.value());
      HubIdentity id = source.obtain();
      if (config.twinMode() == TwinMode.MODULE && id.moduleId().isEmpty()) {
        throw new IllegalArgumentException("module-twin mode needs a module connection string (ModuleId=...)");
      }
      return source;
    }
    return new DpsSource((IdentitySpec.Dps) spec, config.trustedCaFile().orElse(null), config.data());
  }

  /** The connector: (re)connects when asked, renews the token on time, backs off while the hub is unreachable. */
  private void connectLoop() {
    while (!stopping) {
      if (reconnectNeeded) {
        try {
          if (credentialRefused) {
            identities.invalidate();
            credentialRefused = false;
          }
          HubIdentity id = identities.obtain();
          connection.open(id);
          if (stopping) {
            break;
          }
          reconnectNeeded = false;
          failures = 0;
          lastError = null;
          state("connected");
          engineThread.execute(this::connected);
        } catch (IdentityException e) {
          failures++;
          lastError = e.getMessage();
          LOG.warn("no identity from {}: {}", identities.describe(), e.getMessage());
          state("disconnected");
        } catch (IotHubClientException e) {
          failures++;
          lastError = e.getMessage();
          credentialRefused = HubConnection.isBadCredential(e);
          LOG.warn("cannot connect to IoT Hub ({}){}", e.getMessage(),
              credentialRefused ? "; the identity was refused" : "");
          state("disconnected");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          failures++;
          lastError = e.toString();
          LOG.error("connecting failed unexpectedly", e);
          state("disconnected");
        }
      }
      waitForWork();
    }
  }

  /** On the engine thread after each (re)connect: start the engine the first time, else catch up with the twin. */
  private void connected() {
    HubIdentity id = connection.identity().orElseThrow();
    try {
      ensureEngine();
      if (engineReady && engineIdentity != null && !sameTwin(engineIdentity, id)) {
        // Another twin (DPS assigned another device or hub): its desired versions and reported document have
        // nothing to do with the old one's, so start over; the journal and the device stay as they are.
        LOG.info("now connected as {} instead of {}: starting over with the new twin", id.describe(),
            engineIdentity.describe());
        engineReady = false;
        Engine old = engine;
        engine = buildEngine(); // built before the old one is closed: if this throws, nothing runs on either
        saved = null;
        old.close();
      }
    } catch (RuntimeException e) {
      setupFailed("cannot set up the engine (root " + config.root() + ", data " + config.data() + ")", e);
      return;
    }
    if (engineReady) {
      resync();
      return;
    }
    try {
      engine.start();
      engineIdentity = id;
      engineReady = true;
      failures = 0;
      connection.onCommand(this::invoke);
    } catch (RuntimeException e) {
      setupFailed("could not start the engine", e);
    }
  }

  /** Setting up after a connect failed: say why, and connect again after the usual backoff. */
  private void setupFailed(String what, RuntimeException e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause() : e;
    lastError = what + ": " + cause;
    failures++;
    LOG.warn("{}: {}; connecting again after a pause", what, cause.toString());
    requestReconnect();
  }

  private static boolean sameTwin(HubIdentity a, HubIdentity b) {
    return a.hostName().equalsIgnoreCase(b.hostName()) && a.deviceId().equals(b.deviceId())
        && a.moduleId().equals(b.moduleId());
  }

  /**
   * After a reconnect: the twin may have changed while the agent was away. The engine fetches the full document on
   * its next run, and keeps trying until a fetch succeeds.
   */
  private void resync() {
    if (!engineReady) {
      return; // not started yet: its start reads the whole twin anyway
    }
    engine.refetchDesired();
    engine.recheckAll();
  }

  /** Answers a direct method on the SDK's thread; never waits for the engine thread (see {@link HubConnection}). */
  private TwinChannel.CommandResponse invoke(TwinChannel.CommandRequest request) {
    TwinChannel.CommandResponse response = engine.invoke(request);
    wake(); // the command's effects on the engine (requeue, clearReportedCmd) run on its next pass
    return response;
  }

  private void waitForWork() {
    synchronized (signal) {
      if (stopping || (reconnectNeeded && failures == 0)) {
        return;
      }
      long waitMs;
      if (reconnectNeeded) {
        waitMs = backoff(failures).toMillis();
        LOG.info("trying again in {} ms", waitMs);
      } else {
        Optional<Instant> renew = connection.renewTokenAt();
        waitMs = renew.map(t -> Math.max(0, t.toEpochMilli() - System.currentTimeMillis())).orElse(60_000L);
        if (renew.isPresent() && waitMs == 0) {
          LOG.info("the SAS token expires in {}; reconnecting with a fresh one", config.sdk().tokenRenewalMargin());
          reconnectNeeded = true;
          return;
        }
      }
      try {
        signal.wait(Math.max(1, Math.min(waitMs, 60_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      }
    }
  }

  private Duration backoff(int failures) {
    long base = FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 16);
    long capped = Math.min(base, MAX_BACKOFF.toMillis());
    return Duration.ofMillis(capped / 2 + (long) (jitter.nextDouble() * capped / 2));
  }

  private void requestReconnect() {
    synchronized (signal) {
      reconnectNeeded = true;
      signal.notifyAll();
    }
  }

  private void state(String s) {
    if (!Objects.equals(connectionState, s)) {
      connectionState = s;
      connectionSince = clock.now();
      engineThread.execute(() -> {}); // the engine thread saves the new state after its pass
    }
  }

  /** After every engine pass, on the engine thread: keep {@code state.json} current for the CLI. */
  private void afterPass() {
    for (String body; (body = auditOutbox.poll()) != null; ) {
      connection.sendEvent(body, AuditMessage.TYPE_PROPERTY, AuditMessage.TYPE);
    }
    saveState();
    listener.afterPass(this);
    if (engineReady) {
      started.complete(null); // after the first pass: connected, and the first full report sent
    }
  }

  private void saveState() {
    Optional<HubIdentity> id = connection.identity();
    if (id.isEmpty() || !engineReady) {
      return; // never connected: nothing to say about a twin yet
    }
    TwinChannel.DesiredUpdate desired = engine.desired();
    AgentState.Connection c = switch (connectionState) {
      case "connected" -> AgentState.Connection.CONNECTED;
      case "connecting" -> AgentState.Connection.CONNECTING;
      default -> AgentState.Connection.DISCONNECTED;
    };
    AgentState now = new AgentState(id.get().deviceId(), id.get().moduleId().orElse(null), id.get().hostName(), c,
        connectionSince, Math.max(0, desired.version()), desired.properties(), engine.reported(), clock.now(),
        ProcessHandle.current().pid());
    if (saved != null && saved.withReported(saved.reported(), Instant.EPOCH)
        .equals(now.withReported(now.reported(), Instant.EPOCH))) {
      return; // only the time would change
    }
    try {
      localState.save(now);
      saved = now;
    } catch (RuntimeException e) {
      LOG.warn("cannot save the agent's state to {}: {}", localState.stateFile(), e.toString());
    }
  }

  /** SDK connection news, on SDK threads: never blocks. */
  private final class ConnectionEvents implements HubConnection.Events {
    @Override
    public void disconnected(String reason, boolean terminal, boolean badCredential) {
      LOG.warn("connection to IoT Hub lost ({}){}", reason, terminal ? "; reconnecting" : "; the SDK is retrying");
      state(terminal ? "disconnected" : "retrying");
      if (terminal) {
        credentialRefused = badCredential;
        requestReconnect();
      }
    }

    @Override
    public void reconnected() {
      LOG.info("reconnected to IoT Hub; reading the twin for changes made meanwhile");
      state("connected");
      engineThread.execute(Agent.this::resync);
    }
  }
}
