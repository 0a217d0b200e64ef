package dev.converge.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.emulator.tls.ClientTls;
import dev.converge.emulator.tls.HubCertificateAuthority;
import dev.converge.emulator.tls.ServerNames;
import dev.converge.emulator.tls.ServerTls;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS listener's lifecycle, which the hub's durability depends on. */
class HttpsFrontDoorTest {

  @Test
  void close_returns_only_after_the_requests_in_progress_have_finished(@TempDir Path dir) throws Exception {
    HubCertificateAuthority ca =
        HubCertificateAuthority.open(dir, ServerNames.of("localhost", "127.0.0.1"), Clock.systemUTC());
    HttpsFrontDoor door = HttpsFrontDoor.bind("127.0.0.1", 0, 0, ServerTls.of(ca.serverKey()));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    // A request that is still writing to the hub when the hub stops (e.g. the second section of a twin PUT).
    door.route("/", exchange -> {
      entered.countDown();
      try {
        release.await();
        finished.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(204, -1);
    });
    door.start();
    ExecutorService client = Executors.newSingleThreadExecutor();
    try {
      client.submit(() -> {
        HttpsURLConnection request =
            (HttpsURLConnection) new URL("https://localhost:" + door.port() + "/twins/d").openConnection();
        request.setSSLSocketFactory(ClientTls.trusting(ca.caFile()).getSocketFactory());
        return request.getResponseCode();
      });
      assertThat(entered.await(10, TimeUnit.SECONDS)).as("request reached its handler").isTrue();

      Thread closer = new Thread(door::close, "closer");
      closer.start();
      closer.join(500);
      assertThat(closer.isAlive()).as("close() still waiting for the request in progress").isTrue();

      release.countDown();
      closer.join(HttpsFrontDoor.DRAIN.toMillis());
      assertThat(closer.isAlive()).as("close() returned once the request finished").isFalse();
      assertThat(finished).as("the request finished, not interrupted").isTrue();
    } finally {
      release.countDown();
      client.shutdownNow();
    }
  }
}
