package dev.converge.emulator.mqtt;

import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * What a client's CONNECT carried, plus the TLS client certificate if it presented one.
 *
 * @param password raw password bytes (a SAS token as UTF-8 for IoT Hub), or null
 * @param clientCertificate the leaf of the TLS client certificate chain, or null
 */
public record ConnectRequest(
    String clientId,
    String username,
    byte @Nullable [] password,
    boolean cleanSession,
    int keepAliveSeconds,
    @Nullable X509Certificate clientCertificate) {

  public String passwordText() {
    return password == null ? "" : new String(password, java.nio.charset.StandardCharsets.UTF_8);
  }
}
