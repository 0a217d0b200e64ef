package dev.converge.agent.hub;

import com.microsoft.azure.sdk.iot.device.ConnectionStatusChangeContext;
import com.microsoft.azure.sdk.iot.device.InternalClient;
import com.microsoft.azure.sdk.iot.device.IotHubConnectionStatusChangeReason;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import com.microsoft.azure.sdk.iot.device.transport.IotHubTransportMessage;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodPayload;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.GetTwinCorrelatingMessageCallback;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateCorrelatingMessageCallback;
import com.microsoft.azure.sdk.iot.device.twin.ReportedPropertiesUpdateResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.converge.agent.config.SdkTuning;
import dev.converge.agent.identity.HubIdentity;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.TwinChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link TwinChannel} over the official device SDK (MQTT): one connection at a time, for a device or a
 * module twin.
 *
 * <p>Threading: SDK callbacks never wait for the engine. Desired patches are handed to the {@code deliveries}
 * executor (the daemon's engine thread); direct methods are answered on the SDK's thread by the command handler,
 * which must not wait for the engine thread either (the engine may be waiting for an SDK answer on that same
 * thread). Futures returned here complete on SDK threads.
 *
 * <p>SDK 2.5.0 can lose the response callback of a twin request (see {@link #status}); requests complete on either
 * of its two response callbacks, and still have a deadline: twin GETs are retried, and an unacknowledged reported
 * patch fails so the engine resends it.
 */
public final class HubConnection implements TwinChannel, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HubConnection.class);
  private static final int GET_ATTEMPTS = 3;
  private static final Duration RECENT_TWIN = Duration.ofSeconds(2);

  /** What the daemon hears about the connection. */
  public interface Events {
    /** The SDK lost the connection and is retrying, or gave up ({@code terminal}); {@code reason} is the SDK's. */
    void disconnected(String reason, boolean terminal, boolean badCredential);

    /** The SDK re-established the connection on its own; the twin may have changed meanwhile. */
    void reconnected();
  }

  private final SdkClientFactory factory;
  private final SdkTuning tuning;
  private final Executor deliveries;
  private final Events events;
  private final Clock clock;
  private final Object lock = new Object();
  private @Nullable InternalClient client;
  private @Nullable HubIdentity identity;
  private Optional<RenewingSasTokens> tokens = Optional.empty();
  /** How long the tokens the SDK signs itself live (a key in a connection string); empty when it signs none. */
  private Optional<Duration> sdkTokenLifetime = Optional.empty();
  /** No later than the SDK signed its current token: when it began (re)connecting. */
  private volatile Instant sdkTokenSignedBy = Instant.EPOCH;
  private volatile Instant retryingSince = Instant.EPOCH;
  private @Nullable Consumer<DesiredUpdate> desiredListener;
  private final List<DesiredUpdate> early = new ArrayList<>();
  private volatile @Nullable Function<CommandRequest, CommandResponse> commandHandler;
  private volatile boolean retrying;
  private boolean closed;
  /** Desired patches received so far; a twin read before the latest one cannot stand in for a fresh GET. */
  private volatile long desiredPatches;
  private @Nullable Twin recentTwin;
  private Instant recentTwinAt = Instant.EPOCH;
  private long recentTwinPatches;

  public HubConnection(SdkTuning tuning, java.nio.file.@Nullable Path trustedCa, Executor deliveries, Events events,
      Clock clock) {
    this.factory = new SdkClientFactory(tuning, trustedCa, clock);
    this.tuning = Objects.requireNonNull(tuning, "tuning");
    this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Opens a new connection for {@code id} (closing any previous one), subscribes to desired properties and direct
   * methods. Blocking; called by the daemon's connector thread, never by an SDK callback.
   *
   * @throws IotHubClientException when the hub refuses or cannot be reached; {@link #isBadCredential} says which
   */
  public void open(HubIdentity id) throws IotHubClientException, InterruptedException {
    closeClient();
    // A fresh connection, not the SDK's recovery of the old one: its CONNECTED must not be reported as a
    // reconnect (the caller reads the twin itself once open returns; a resync now would find no client yet).
    retrying = false;
    SdkClientFactory.Built built = factory.create(id);
    InternalClient c = built.client();
    c.setConnectionStatusChangeCallback(this::statusChanged, null);
    // The SDK reconnects on its own only this long; then the daemon's connector takes over (SdkTuning).
    c.setOperationTimeout(Math.max(1, tuning.reconnectTimeout().toMillis()));
    Instant signing = clock.instant();
    try {
      c.open(false);
      int timeout = (int) tuning.operationTimeout().toMillis();
      c.subscribeToDesiredProperties(this::desiredChanged, null, timeout);
      c.subscribeToMethods(this::methodInvoked, null, timeout);
    } catch (IotHubClientException | RuntimeException e) {
      c.close();
      throw e;
    }
    synchronized (lock) {
      if (closed) {
        c.close(); // closed while this connection was being opened: it must not outlive the agent
        throw new IllegalStateException("the hub connection was closed while it was being opened");
      }
      client = c;
      identity = id;
      tokens = built.tokens();
      sdkTokenLifetime = built.sdkTokenLifetime();
      sdkTokenSignedBy = signing;
    }
    LOG.info("connected to IoT Hub as {}", id.describe());
  }

  /** Whether an open failure means the identity was refused (as opposed to the hub being unreachable). */
  public static boolean isBadCredential(IotHubClientException e) {
    return e.getStatusCode() == IotHubStatusCode.UNAUTHORIZED;
  }

  public boolean isConnected() {
    synchronized (lock) {
      return client != null && !retrying;
    }
  }

  public Optional<HubIdentity> identity() {
    synchronized (lock) {
      return Optional.ofNullable(identity);
    }
  }

  /**
   * When the agent should reconnect with a fresh token: {@code tokenRenewalMargin} before the current token expires,
   * whether the agent signed it ({@link RenewingSasTokens}) or the SDK did (a key in a connection string: the SDK
   * signs on every connect but, over MQTT, never renews a live connection's token, so the hub would close it at
   * expiry). Empty for a fixed token or a certificate.
   */
  public Optional<Instant> renewTokenAt() {
    synchronized (lock) {
      Optional<Instant> expiry = tokens.isPresent()
          ? tokens.map(RenewingSasTokens::expiresAt).filter(t -> t.isAfter(Instant.EPOCH))
          : sdkTokenLifetime.map(sdkTokenSignedBy::plus);
      return expiry.map(t -> t.minus(tuning.tokenRenewalMargin()));
    }
  }

  @Override
  public void onDesired(Consumer<DesiredUpdate> listener) {
    List<DesiredUpdate> replay;
    synchronized (lock) {
      desiredListener = Objects.requireNonNull(listener, "listener");
      replay = List.copyOf(early);
      early.clear();
    }
    replay.forEach(u -> deliveries.execute(() -> listener.accept(u)));
  }

  @Override
  public void onCommand(Function<CommandRequest, CommandResponse> handler) {
    commandHandler = Objects.requireNonNull(handler, "handler");
  }

  @Override
  public CompletionStage<Void> sendReported(NodeValue.Obj patch) {
    InternalClient c = current();
    CompletableFuture<Void> acked = new CompletableFuture<>();
    if (c == null) {
      acked.completeExceptionally(new IllegalStateException("not connected to IoT Hub"));
      return acked;
    }
    try {
      c.updateReportedPropertiesAsync(TwinJson.toCollection(patch), new ReportedAnswer(acked), null);
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
    return acked.orTimeout(tuning.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<DesiredUpdate> fetchDesired() {
    Twin recent = takeRecentTwin();
    CompletionStage<Twin> twin = recent != null ? CompletableFuture.completedFuture(recent) : fetchTwin(1);
    return twin.thenApply(t -> {
      TwinCollection desired = t.getDesiredProperties();
      return DesiredUpdate.full(TwinJson.toNode(desired), desired.getVersion() == null ? 0 : desired.getVersion());
    });
  }

  /**
   * The reported side of a fresh twin GET. The engine reads reported, then desired, when it starts: the twin read here
   * also answers that {@link #fetchDesired} if it comes soon and no desired patch arrived in between (one round trip
   * less at every start).
   */
  @Override
  public CompletionStage<NodeValue.Obj> fetchReported() {
    long patchesBefore = desiredPatches;
    return fetchTwin(1).thenApply(t -> {
      synchronized (lock) {
        recentTwin = t;
        recentTwinAt = clock.instant();
        recentTwinPatches = patchesBefore;
      }
      return TwinJson.toNode(t.getReportedProperties());
    });
  }

  private @Nullable Twin takeRecentTwin() {
    synchronized (lock) {
      Twin t = recentTwin;
      recentTwin = null;
      boolean usable = t != null && recentTwinPatches == desiredPatches
          && recentTwinAt.plus(RECENT_TWIN).isAfter(clock.instant());
      return usable ? t : null;
    }
  }

  /**
   * Sends a D2C message (audit records) with one application property naming its type; fire and forget, logged
   * when the hub does not take it.
   */
  public void sendEvent(String json, String typeProperty, String kind) {
    InternalClient c = current();
    if (c == null) {
      LOG.debug("not connected; {} message dropped (it is in the local journal)", kind);
      return;
    }
    Message message = new Message(json);
    message.setContentType("application/json");
    message.setContentEncoding("utf-8");
    message.setProperty(typeProperty, kind);
    c.sendEventAsync(message, (sent, error, context) -> {
      if (error != null) {
        LOG.debug("{} message not delivered: {}", kind, error.toString());
      }
    }, null);
  }

  /** Closes the connection for good: an {@link #open} still under way closes what it opened. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    closeClient();
  }

  private void closeClient() {
    InternalClient old;
    synchronized (lock) {
      old = client;
      client = null;
      tokens = Optional.empty();
      sdkTokenLifetime = Optional.empty();
    }
    if (old != null) {
      old.close();
    }
  }

  private @Nullable InternalClient current() {
    synchronized (lock) {
      return client;
    }
  }

  private CompletableFuture<Twin> fetchTwin(int attempt) {
    InternalClient c = current();
    CompletableFuture<Twin> got = new CompletableFuture<>();
    if (c == null) {
      got.completeExceptionally(new IllegalStateException("not connected to IoT Hub"));
      return got;
    }
    try {
      c.getTwinAsync(new TwinAnswer(got), null);
    } catch (RuntimeException e) {
      got.completeExceptionally(e);
    }
    return got.orTimeout(tuning.operationTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> {
          if (e instanceof TimeoutException && attempt < GET_ATTEMPTS) {
            LOG.debug("twin GET {} had no answer within {}; asking again", attempt, tuning.operationTimeout());
            return fetchTwin(attempt + 1);
          }
          return CompletableFuture.failedFuture(e);
        });
  }

  /**
   * SDK 2.5.0 calls {@code onResponseReceived} from the MQTT thread after queueing the response, and its receive task
   * may have finished with the response (and dropped the correlation) by then, so that call is sometimes lost;
   * {@code onResponseAcknowledged} comes from the receive task before it drops the correlation. Whichever comes
   * first completes the request.
   */
  private static IotHubStatusCode status(Message response) {
    String status = response instanceof IotHubTransportMessage m ? m.getStatus() : null;
    try {
      return status == null ? IotHubStatusCode.ERROR : IotHubStatusCode.getIotHubStatusCode(Integer.parseInt(status));
    } catch (NumberFormatException e) {
      return IotHubStatusCode.ERROR;
    }
  }

  /** A twin request's answer: complete on the first of the SDK's two response callbacks, fail on a send error. */
  abstract static class Answer<T> {
    final CompletableFuture<T> future;
    private final String what;

    Answer(CompletableFuture<T> future, String what) {
      this.future = future;
      this.what = what;
    }

    public void onRequestQueued(Message message, Object context) {}

    public void onRequestSent(Message message, Object context) {}

    public void onRequestAcknowledged(Message message, Object context, IotHubClientException e) {
      if (e != null) {
        future.completeExceptionally(e);
      }
    }

    final void finish(IotHubStatusCode status, IotHubClientException e, java.util.function.Supplier<T> value) {
      if (e != null) {
        future.completeExceptionally(e);
      } else if (status != IotHubStatusCode.OK) {
        future.completeExceptionally(new IllegalStateException("IoT Hub refused the " + what + ": " + status));
      } else {
        try {
          future.complete(value.get());
        } catch (RuntimeException bad) {
          future.completeExceptionally(bad);
        }
      }
    }
  }

  static final class ReportedAnswer extends Answer<Void>
      implements ReportedPropertiesUpdateCorrelatingMessageCallback {
    ReportedAnswer(CompletableFuture<Void> acked) {
      super(acked, "reported patch");
    }

    @Override
    public void onResponseReceived(Message message, Object context, IotHubStatusCode status,
        ReportedPropertiesUpdateResponse response, IotHubClientException e) {
      finish(status, e, () -> null);
    }

    @Override
    public void onResponseAcknowledged(Message message, Object context) {
      finish(status(message), null, () -> null);
    }
  }

  static final class TwinAnswer extends Answer<Twin> implements GetTwinCorrelatingMessageCallback {
    TwinAnswer(CompletableFuture<Twin> got) {
      super(got, "twin GET");
    }

    @Override
    public void onResponseReceived(Twin twin, Message message, Object context, IotHubStatusCode status,
        IotHubClientException e) {
      finish(status, e, () -> twin);
    }

    @Override
    public void onResponseAcknowledged(Message message, Object context) {
      finish(status(message), null, () -> Twin.createFromPropertiesJson(
          new String(message.getBytes(), Message.DEFAULT_IOTHUB_MESSAGE_CHARSET)));
    }
  }

  private void desiredChanged(Twin twin, Object context) {
    TwinCollection desired = twin.getDesiredProperties();
    if (desired.getVersion() == null) {
      LOG.warn("desired patch without $version ignored");
      return;
    }
    desiredPatches++; // only the SDK's one receive thread calls this
    DesiredUpdate update = DesiredUpdate.patch(TwinJson.toNode(desired), desired.getVersion());
    Consumer<DesiredUpdate> listener;
    synchronized (lock) {
      listener = desiredListener;
      if (listener == null) {
        early.add(update); // the engine has not started yet: delivered when it registers
        return;
      }
    }
    deliveries.execute(() -> listener.accept(update));
  }

  private DirectMethodResponse methodInvoked(String name, DirectMethodPayload payload, Object context) {
    Function<CommandRequest, CommandResponse> handler = commandHandler;
    if (handler == null) {
      return new DirectMethodResponse(503, TwinJson.toGson(NodeValue.object(Map.of(
          "message", NodeValue.of("Converge is starting; try again")))));
    }
    NodeValue body;
    try {
      String text = payload.getPayloadAsJsonString();
      body = text == null || text.isBlank() || "null".equals(text.trim())
          ? NodeValue.Obj.empty() : TwinJson.fromGson(payload.getPayloadAsJsonElement());
    } catch (RuntimeException e) {
      return new DirectMethodResponse(400, TwinJson.toGson(NodeValue.object(Map.of(
          "message", NodeValue.of("the payload is not JSON: " + e.getMessage())))));
    }
    CommandResponse response;
    try {
      response = handler.apply(new CommandRequest(name, body));
    } catch (RuntimeException e) {
      LOG.error("direct method {} failed inside Converge", name, e);
      response = new CommandResponse(500, NodeValue.object(Map.of(
          "message", NodeValue.of("internal error: " + e))));
    }
    return new DirectMethodResponse(response.status(), TwinJson.toGson(
        response.payload().isAbsent() ? NodeValue.Obj.empty() : response.payload()));
  }

  private void statusChanged(ConnectionStatusChangeContext change) {
    IotHubConnectionStatus status = change.getNewStatus();
    IotHubConnectionStatusChangeReason reason = change.getNewStatusReason();
    if (reason == IotHubConnectionStatusChangeReason.CLIENT_CLOSE) {
      return; // the agent closed it (stop, token renewal): not news
    }
    switch (status) {
      case DISCONNECTED_RETRYING -> {
        if (!retrying) {
          retryingSince = clock.instant();
        }
        retrying = true;
        synchronized (lock) {
          recentTwin = null;
        }
        events.disconnected(String.valueOf(reason), false, false);
      }
      case DISCONNECTED -> {
        synchronized (lock) {
          retrying = true;
          recentTwin = null;
        }
        // Only a refused identity is worth re-provisioning; an expired token just needs a fresh one.
        events.disconnected(String.valueOf(reason), true,
            reason == IotHubConnectionStatusChangeReason.BAD_CREDENTIAL);
      }
      case CONNECTED -> {
        if (retrying) {
          retrying = false;
          sdkTokenSignedBy = retryingSince; // the SDK signed a new token for this connection, after that instant
              events.reconnected();
        }
      }
    }
  }
}
