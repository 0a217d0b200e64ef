package dev.converge.emulator.testing;

import dev.converge.emulator.local.HubConfig;
import dev.converge.emulator.local.LocalHub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link LocalHub} per test class on its own loopback address ({@code 127.0.0.N}, since the SDKs
 * hard-code port 8883), with a fresh state folder and ADM every 200 ms, and stops it afterwards. Test methods and
 * constructors may take a {@link LocalHub} parameter.
 *
 * <p>Its host name is {@code hub-N.azure-devices.net}; {@link HostsFile} maps it to the bind address for the
 * service SDK, which always resolves the host name and connects to port 443.
 */
public final class LocalHubExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  /** Where numbering starts; {@code -Dconverge.localhub.firstSuffix=N} keeps parallel builds on one machine apart. */
  private static final AtomicInteger NEXT = new AtomicInteger(Integer.getInteger("converge.localhub.firstSuffix", 10));
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalHubExtension.class);

  /** The next free {@code 127.0.0.N} for this JVM. */
  public static int nextAddressSuffix() {
    int n = NEXT.getAndIncrement();
    if (n > 250) {
      throw new IllegalStateException("more than 240 local hubs in one JVM");
    }
    return n;
  }

  /** A configuration for hub number {@code n}: {@code hub-n.azure-devices.net} on {@code 127.0.0.n}. */
  public static HubConfig configFor(int n, Path stateDir) {
    return HubConfig.defaults(stateDir)
        .withHostName(HostsFile.hubName(n))
        .withBindAddress("127.0.0." + n)
        .withHttpsPorts(443, 0)
        .withAdmInterval(Duration.ofMillis(200));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    HostsFile.install();
    int n = nextAddressSuffix();
    Path dir = Files.createTempDirectory("local-hub-" + n + "-");
    LocalHub hub = LocalHub.start(configFor(n, dir));
    context.getStore(NS).put("hub", hub);
    context.getStore(NS).put("dir", dir);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    LocalHub hub = context.getStore(NS).remove("hub", LocalHub.class);
    if (hub != null) {
      hub.close();
    }
    Path dir = context.getStore(NS).remove("dir", Path.class);
    if (dir != null) {
      delete(dir);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalHub.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NS).get("hub", LocalHub.class);
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
