package dev.converge.emulator.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.converge.emulator.identity.IdentityId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct method calls from the service to devices: request on {@code $iothub/methods/POST/{name}/?$rid=r}, answer
 * on {@code $iothub/methods/res/{status}/?$rid=r}.
 *
 * <p>IoT Hub's rules (iot-hub-devguide-direct-methods): response timeout 5–300 s, default 30; connect timeout 0–300
 * s, default 0 (the device must already be online); request and response payloads at most 128 KB; a device that is
 * not connected, or connected without subscribing to methods, gets 404103; no answer in time gives 504101.
 */
public final class DirectMethods implements AutoCloseable {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final int MIN_TIMEOUT_SECONDS = 5;
  static final int MAX_TIMEOUT_SECONDS = 300;
  static final int MAX_PAYLOAD_BYTES = 128 * 1024;
  static final String REQUEST_TOPIC = "$iothub/methods/POST/";
  private static final String NAME_FORBIDDEN = "$()<>@,;:\\\"/[]?={} \t";
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Pending(IdentityId id, CompletableFuture<MethodResult> answer) {}

  private final Sessions sessions;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextRid = new AtomicLong(1);
  private volatile boolean closed;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hub-method-timeouts");
        t.setDaemon(true);
        return t;
      });

  public DirectMethods(Sessions sessions) {
    this.sessions = sessions;
  }

  /**
   * Calls {@code method} on {@code id}. Never fails exceptionally: every outcome is a {@link MethodResult}.
   *
   * @param responseTimeout how long the device has to answer once the request is sent
   * @param connectTimeout how long to wait for the device to come online first
   */
  public CompletableFuture<MethodResult> invoke(
      IdentityId id, String method, JsonNode payload, Duration responseTimeout, Duration connectTimeout) {
    if (closed) {
      return CompletableFuture.completedFuture(MethodResult.Failed.notOnline(id.toString()));
    }
    String problem = problem(method, payload, responseTimeout, connectTimeout);
    if (problem != null) {
      return CompletableFuture.completedFuture(MethodResult.Failed.invalid(problem));
    }
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    return awaitSubscriber(id, method, deadline)
        .thenCompose(link -> link == null
            ? CompletableFuture.completedFuture(MethodResult.Failed.notOnline(id.toString()))
            : send(link, method, payload, responseTimeout));
  }

  /** Takes a device's answer published on {@code $iothub/methods/res/{status}/?$rid=r}. */
  public void answer(IdentityId from, String rid, int status, byte[] body) {
    Pending call = pending.get(rid);
    if (call == null || !call.id().equals(from)) {
      return; // late (timed out) or not this device's call: IoT Hub ignores it too
    }
    pending.remove(rid);
    JsonNode payload;
    try {
      payload = body.length == 0 ? NullNode.instance : JSON.readTree(body);
    } catch (IOException e) {
      payload = JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
    }
    call.answer().complete(new MethodResult.Responded(status, payload == null ? NullNode.instance : payload));
  }

  private CompletableFuture<DeviceLink> awaitSubscriber(IdentityId id, String method, long deadline) {
    CompletableFuture<DeviceLink> found = new CompletableFuture<>();
    poll(id, REQUEST_TOPIC + method + "/?$rid=0", deadline, found);
    return found;
  }

  private void poll(IdentityId id, String probeTopic, long deadline, CompletableFuture<DeviceLink> found) {
    DeviceLink link = sessions.link(id);
    if (link != null && sessions.subscribedQos(id, probeTopic).isPresent()) {
      found.complete(link);
    } else if (System.nanoTime() >= deadline) {
      found.complete(null);
    } else {
      try {
        timer.schedule(() -> poll(id, probeTopic, deadline, found), 100, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        found.complete(null); // closed while waiting: the hub is stopping
      }
    }
  }

  private CompletableFuture<MethodResult> send(
      DeviceLink link, String method, JsonNode payload, Duration responseTimeout) {
    String rid = Long.toHexString(nextRid.getAndIncrement());
    CompletableFuture<MethodResult> answer = new CompletableFuture<>();
    pending.put(rid, new Pending(link.identity(), answer));
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
    if (!link.send(REQUEST_TOPIC + method + "/?$rid=" + rid, body)) {
      pending.remove(rid);
      return CompletableFuture.completedFuture(MethodResult.Failed.notOnline(link.identity().toString()));
    }
    try {
      timer.schedule(
          () -> {
            if (pending.remove(rid) != null) {
              answer.complete(
                  MethodResult.Failed.timedOut(link.identity().toString(), method, responseTimeout.toSeconds()));
            }
          },
          responseTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      pending.remove(rid); // closed meanwhile: the hub is stopping
      answer.complete(MethodResult.Failed.notOnline(link.identity().toString()));
    }
    return answer;
  }

  private static @org.jspecify.annotations.Nullable String problem(String method, JsonNode payload, Duration response, Duration connect) {
    if (method.isEmpty()) {
      return "methodName must not be empty";
    }
    for (char c : method.toCharArray()) {
      if (NAME_FORBIDDEN.indexOf(c) >= 0 || Character.isISOControl(c)) {
        return "methodName '" + method + "' contains the character '" + c + "', which IoT Hub does not allow";
      }
    }
    long r = response.toSeconds();
    if (r < MIN_TIMEOUT_SECONDS || r > MAX_TIMEOUT_SECONDS) {
      return "responseTimeoutInSeconds " + r + " is outside " + MIN_TIMEOUT_SECONDS + ".." + MAX_TIMEOUT_SECONDS;
    }
    long c = connect.toSeconds();
    if (c < 0 || c > MAX_TIMEOUT_SECONDS) {
      return "connectTimeoutInSeconds " + c + " is outside 0.." + MAX_TIMEOUT_SECONDS;
    }
    int size = payload.toString().getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_PAYLOAD_BYTES) {
      return "payload is " + size + " bytes; the limit is " + MAX_PAYLOAD_BYTES;
    }
    return null;
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    pending.values().forEach(p -> p.answer().complete(MethodResult.Failed.notOnline(p.id().toString())));
    pending.clear();
  }
}
