package dev.converge.agent.hub;

import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.ClientTls;
import dev.converge.emulator.tls.NoDelaySslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * TLS for the hub and DPS connections: the JVM's trust store, or exactly the configured CA file (the local hub's);
 * the device certificate when the identity is X.509; and {@code TCP_NODELAY} on every socket (Paho never sets it, and
 * without it each twin round trip waits ~40 ms for a delayed ACK). Verification is never turned off.
 */
public final class HubTls {

  private HubTls() {}

  /** A context trusting {@code caFile} (or the JVM's trust store when null), presenting {@code client} if given. */
  public static SSLContext context(@Nullable Path caFile, @Nullable CertifiedKey client) {
    try {
      SSLContext base = caFile == null ? ClientTls.trustingSystem(client)
          : client == null ? ClientTls.trusting(caFile) : ClientTls.trusting(caFile, client);
      return NoDelaySslContext.wrap(base);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trusted CA file " + caFile, e);
    }
  }
}
