package dev.converge.emulator.dps;

import dev.converge.emulator.local.HubConfig;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.HostsFile;
import dev.converge.emulator.testing.LocalHubExtension;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link LocalHub} for the DPS and file-upload tests, on the first free address from a random point of {@code
 * 127.0.0.150..250}, skipping any already bound: several test JVMs may share a machine's loopback, and the SDKs
 * hard-code ports 8883 and 443. The hub serves DPS and uploads on its own HTTPS port 443.
 */
public final class HubWithHttps implements AutoCloseable {

  private static final int FIRST = 150;
  private static final int LAST = 250;

  private final LocalHub hub;
  private final int n;

  private HubWithHttps(LocalHub hub, int n) {
    this.hub = hub;
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
        HubConfig config = LocalHubExtension.configFor(n, stateDir.resolve("hub-" + n));
        LocalHub hub = LocalHub.start(config);
        if (hub.httpsPort() == 443) {
          return new HubWithHttps(hub, n);
        }
        hub.close(); // the SDKs need 443 itself
        last = new IllegalStateException("127.0.0." + n + ":443 is taken");
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw new IllegalStateException("no free 127.0.0.N in " + FIRST + ".." + LAST, last);
  }

  public void restart() {
    hub.restart();
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
    hub.close();
  }
}
