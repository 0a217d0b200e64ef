package dev.converge.emulator.dps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.HostsFile;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.tls.ServerTls;
import dev.converge.emulator.upload.FileUploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link LocalHub} plus, until the service HTTPS server routes them, its DPS and file upload HTTPS handlers on port
 * 443 of the same address, routed as that server must route them. Handlers are looked up per request, so they follow
 * the hub across {@link LocalHub#restart()}.
 *
 * <p>Addresses come from {@code 127.0.0.150..250}, skipping any already bound: several test JVMs share this machine's
 * loopback, and the SDKs hard-code ports 8883 and 443.
 */
public final class HubWithHttps implements AutoCloseable {

  private static final int FIRST = 150;
  private static final int LAST = 250;

  private final LocalHub hub;
  private final ExecutorService workers;
  private final int n;
  private HttpsServer https;

  private HubWithHttps(LocalHub hub, HttpsServer https, ExecutorService workers, int n) {
    this.hub = hub;
    this.https = https;
    this.workers = workers;
    this.n = n;
  }

  /** Starts on the first free address from a random point of the range, with state in {@code stateDir}. */
  public static HubWithHttps start(Path stateDir) {
    HostsFile.install();
    int span = LAST - FIRST + 1;
    int offset = ThreadLocalRandom.current().nextInt(span);
    IllegalStateException last = null;
    for (int i = 0; i < span; i++) {
      int n = FIRST + (offset + i) % span;
      try {
        return startOn(n, stateDir.resolve("hub-" + n));
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no free 127.0.0.N in " + FIRST + ".." + LAST, last);
  }

  private static HubWithHttps startOn(int n, Path dir) {
    LocalHub hub;
    try {
      hub = LocalHub.start(LocalHubExtension.configFor(n, dir));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("127.0.0." + n + ":8883 is taken", e);
    }
    ExecutorService workers = Executors.newFixedThreadPool(4);
    try {
      return new HubWithHttps(hub, https(hub, workers), workers, n);
    } catch (BindException e) {
      hub.close();
      workers.shutdownNow();
      throw new IllegalStateException("127.0.0." + n + ":443 is taken", e);
    } catch (IOException e) {
      hub.close();
      workers.shutdownNow();
      throw new UncheckedIOException(e);
    }
  }

  /** The routing the service HTTPS server needs: DPS by prefix, device file paths by pattern, blobs by prefix. */
  private static void route(LocalHub hub, HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith(hub.dps().httpsPathPrefix())) {
      hub.dps().httpsHandler().handle(exchange);
    } else if (FileUploads.isDevicePath(path)) {
      hub.uploads().deviceHandler().handle(exchange);
    } else if (path.startsWith(hub.uploads().blobPathPrefix())) {
      hub.uploads().blobHandler().handle(exchange);
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    }
  }

  /** An HTTPS server on port 443 of the hub's address, presenting the hub's current server certificate. */
  private static HttpsServer https(LocalHub hub, ExecutorService workers) throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(hub.config().bindAddress(), 443), 0);
    server.setHttpsConfigurator(ServerTls.of(hub.serverKey()).httpsConfigurator());
    server.createContext("/", exchange -> route(hub, exchange));
    server.setExecutor(workers);
    server.start();
    return server;
  }

  /**
   * Restarts the hub, then the HTTPS server with the hub's certificate as it is after the restart (the hub may have
   * reissued it).
   */
  public void restart() {
    https.stop(0);
    hub.restart();
    try {
      https = https(hub, workers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public LocalHub hub() {
    return hub;
  }

  /** The {@code N} of {@code 127.0.0.N}. */
  public int n() {
    return n;
  }

  public String bindAddress() {
    return hub.config().bindAddress();
  }

  public String hostName() {
    return hub.config().hostName();
  }

  @Override
  public void close() {
    https.stop(0);
    workers.shutdownNow();
    hub.close();
  }
}
