package dev.converge.emulator.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsServer;
import dev.converge.emulator.tls.ServerTls;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's HTTPS listener: IoT Hub's service API and, on the same port, any other HTTPS endpoint of the emulator
 * (DPS).
 *
 * <p><b>Port.</b> The service SDKs always connect to {@code https://<HostName>:443}, so 443 is tried first; if it
 * cannot be bound (taken, or no privilege) the fallback port is used instead (0 picks a free one), and tools that let
 * you choose a port use {@link #port()}.
 *
 * <p><b>Routing.</b> {@link #route} maps a path prefix to a handler; a request goes to the handler of the longest
 * prefix that matches its path. The IoT Hub service API is routed at {@code /}, so it answers every path no other
 * handler claims; DPS adds e.g. {@code route("/" + idScope + "/registrations/", handler)} before {@link #start()}.
 * Each handler does its own authentication. Requests run on a pool of daemon threads, so a handler may block (a direct
 * method waits for the device); a handler that throws gets an empty 500 and a log line, never a hung connection.
 */
public final class HttpsFrontDoor implements AutoCloseable {

  /** How long {@link #close()} waits for requests in progress. */
  static final Duration DRAIN = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(HttpsFrontDoor.class);

  private final HttpsServer server;
  private final ExecutorService requests;
  private final String description;

  private HttpsFrontDoor(HttpsServer server, ExecutorService requests, String description) {
    this.server = server;
    this.requests = requests;
    this.description = description;
  }

  /**
   * Binds {@code bindAddress:preferredPort}, or {@code bindAddress:fallbackPort} when that fails, with {@code tls}'s
   * server key. Nothing is served until {@link #start()}.
   *
   * @throws IOException if neither port can be bound
   */
  public static HttpsFrontDoor bind(String bindAddress, int preferredPort, int fallbackPort, ServerTls tls)
      throws IOException {
    HttpsServer server;
    String note = "";
    try {
      server = HttpsServer.create(new InetSocketAddress(bindAddress, preferredPort), 64);
    } catch (BindException e) {
      server = HttpsServer.create(new InetSocketAddress(bindAddress, fallbackPort), 64);
      note = " (port " + preferredPort + " unavailable: " + e.getMessage() + "; clients that always use "
          + preferredPort + ", like the official service SDKs, cannot reach it)";
    }
    server.setHttpsConfigurator(tls.httpsConfigurator());
    AtomicInteger number = new AtomicInteger();
    ExecutorService requests = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hub-https-" + number.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(requests);
    String description = bindAddress + ":" + server.getAddress().getPort() + note;
    return new HttpsFrontDoor(server, requests, description);
  }

  /** Serves paths starting with {@code prefix} with {@code handler}; the longest matching prefix wins. */
  public void route(String prefix, HttpHandler handler) {
    if (!prefix.startsWith("/")) {
      throw new IllegalArgumentException("a route prefix starts with '/': '" + prefix + "'");
    }
    server.createContext(prefix, exchange -> serve(handler, exchange));
  }

  /** Starts serving. */
  public void start() {
    server.start();
    LOG.info("HTTPS listening on {}", description);
  }

  /** The port actually bound: 443, or the fallback. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void serve(HttpHandler handler, HttpExchange exchange) {
    try {
      handler.handle(exchange);
    } catch (IOException e) {
      LOG.debug("HTTPS {} {}: connection failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
          e.toString());
    } catch (RuntimeException e) {
      LOG.error("HTTPS {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
      try {
        exchange.sendResponseHeaders(500, -1);
      } catch (IOException | RuntimeException ignored) {
        // Headers were already sent; closing below ends the response.
      }
    } finally {
      exchange.close();
    }
  }

  /**
   * Stops listening, drops open connections, and returns once every request already being served has finished (at
   * most {@link #DRAIN} later). Handlers write to the hub, which saves its state only after this returns; a handler
   * left running would apply a write after that final save, and the write would be lost although it was applied.
   */
  @Override
  public void close() {
    // stop(0) closes the listener and the connections at once, but does not wait for handlers on our executor.
    server.stop(0);
    requests.shutdown();
    try {
      if (!requests.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("HTTPS requests still running {} after stopping; interrupting them", DRAIN);
        requests.shutdownNow();
      }
    } catch (InterruptedException e) {
      requests.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "HttpsFrontDoor[" + description + "]";
  }
}
