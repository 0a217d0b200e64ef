package dev.converge.emulator.dps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.converge.emulator.tls.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DPS's Runtime Registration REST API for devices, to be routed the path prefix {@code /{idScope}/registrations/}:
 *
 * <ul>
 *   <li>{@code PUT /{idScope}/registrations/{registrationId}/register?api-version=..} (Register Device)
 *   <li>{@code GET /{idScope}/registrations/{registrationId}/operations/{operationId}?api-version=..} (Operation
 *       Status Lookup)
 * </ul>
 *
 * <p>Every request authenticates afresh, by {@code Authorization: SharedAccessSignature ..} or by the TLS client
 * certificate; any failure, including another ID scope, is DPS's 401 with error code 401002.
 */
final class DpsHttpsHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DpsHttpsHandler.class);

  private final String idScope;
  private final Attester attester;
  private final RuntimeRegistration runtime;
  private final Clock clock;

  DpsHttpsHandler(String idScope, Attester attester, RuntimeRegistration runtime, Clock clock) {
    this.idScope = idScope;
    this.attester = attester;
    this.runtime = runtime;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      send(exchange, answer(exchange, body));
    }
  }

  private DpsReply answer(HttpExchange exchange, byte[] body) {
    // /{idScope}/registrations/{registrationId}/register or .../operations/{operationId}
    String[] path = exchange.getRequestURI().getPath().split("/", -1);
    boolean register = path.length == 5 && path[4].equals("register");
    boolean status = path.length == 6 && path[4].equals("operations") && !path[5].isEmpty();
    if (path.length < 4 || !path[0].isEmpty() || !path[2].equals("registrations") || !(register || status)) {
      return DpsReply.error(404, 404000, "No DPS operation at " + exchange.getRequestURI().getPath(),
          clock.instant());
    }
    String method = exchange.getRequestMethod();
    if ((register && !method.equals("PUT")) || (status && !method.equals("GET"))) {
      return DpsReply.error(405, 405000, method + " is not allowed here", clock.instant());
    }
    if (!path[1].equalsIgnoreCase(idScope)) {
      LOG.info("DPS request for ID scope '{}' refused: this emulator serves '{}'", path[1], idScope);
      return DpsReply.unauthorized(clock.instant());
    }
    Attested attested = attester.attest(
        path[3], exchange.getRequestHeaders().getFirst("Authorization"), ServerTls.clientCertificate(exchange));
    if (attested instanceof Attested.Refused refused) {
      LOG.info("DPS registration refused: {}", refused.reason());
      return DpsReply.unauthorized(clock.instant());
    }
    EnrollmentMatch match = ((Attested.Enrolled) attested).match();
    return register ? runtime.register(match, body) : runtime.operationStatus(match, path[5]);
  }

  private static void send(HttpExchange exchange, DpsReply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (reply.isPending()) {
      exchange.getResponseHeaders().set("Retry-After", Integer.toString(DpsReply.RETRY_AFTER_SECONDS));
    }
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
