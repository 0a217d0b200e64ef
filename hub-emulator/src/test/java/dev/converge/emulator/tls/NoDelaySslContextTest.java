package dev.converge.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoDelaySslContextTest {

  @TempDir Path folder;
  private HubCertificateAuthority authority;
  private ServerSocket listener;
  private SSLContext plain;
  private SSLContext wrapped;

  @BeforeEach
  void setUp() throws Exception {
    authority = HubCertificateAuthority.open(folder, ServerNames.of("localhost", "127.0.0.1"), Clock.systemUTC());
    listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    plain = ClientTls.trusting(authority.caFile());
    wrapped = NoDelaySslContext.wrap(plain);
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.close();
  }

  @Test
  void sockets_from_the_plain_context_have_nagle_on_so_the_check_below_means_something() throws Exception {
    try (Socket socket = plain.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
      assertThat(socket.getTcpNoDelay()).isFalse();
    }
  }

  @Test
  void sets_tcp_nodelay_on_an_unconnected_socket_as_paho_creates_it() throws Exception {
    try (Socket socket = wrapped.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 5_000);

      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void sets_tcp_nodelay_on_every_kind_of_created_socket() throws Exception {
    SSLSocketFactory factory = wrapped.getSocketFactory();
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    int port = listener.getLocalPort();

    try (Socket byName = factory.createSocket("127.0.0.1", port);
        Socket byAddress = factory.createSocket(loopback, port);
        Socket byNameLocal = factory.createSocket("127.0.0.1", port, loopback, 0);
        Socket byAddressLocal = factory.createSocket(loopback, port, loopback, 0);
        Socket under = new Socket(loopback, port);
        Socket layered = factory.createSocket(under, "localhost", port, true)) {
      assertThat(byName.getTcpNoDelay()).isTrue();
      assertThat(byAddress.getTcpNoDelay()).isTrue();
      assertThat(byNameLocal.getTcpNoDelay()).isTrue();
      assertThat(byAddressLocal.getTcpNoDelay()).isTrue();
      assertThat(layered.getTcpNoDelay()).isTrue();
      assertThat(under.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void handshakes_like_the_wrapped_context_and_keeps_nodelay() throws Exception {
    try (LocalTlsServer server =
            new LocalTlsServer(ServerTls.of(authority.serverKey()), InetAddress.getByName("127.0.0.1"));
        SSLSocket socket = (SSLSocket) wrapped.getSocketFactory().createSocket()) {
      socket.connect(server.address(), 5_000);
      socket.startHandshake();

      assertThat(socket.getInputStream().read()).isEqualTo(42);
      assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(authority.serverKey().certificate());
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void forwards_everything_else_to_the_wrapped_context() {
    SSLEngine engine = wrapped.createSSLEngine("localhost", 8883);

    assertThat(wrapped.getProtocol()).isEqualTo(plain.getProtocol());
    assertThat(wrapped.getProvider()).isEqualTo(plain.getProvider());
    assertThat(engine.getPeerHost()).isEqualTo("localhost");
    assertThat(wrapped.getDefaultSSLParameters().getProtocols())
        .isEqualTo(plain.getDefaultSSLParameters().getProtocols());
    assertThat(wrapped.getClientSessionContext()).isSameAs(plain.getClientSessionContext());
  }
}
