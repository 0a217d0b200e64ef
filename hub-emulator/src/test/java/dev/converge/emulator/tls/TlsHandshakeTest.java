package dev.converge.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real handshakes over loopback between {@link ServerTls} and clients built by {@link ClientTls}. */
class TlsHandshakeTest {

  private static final String HUB = "localhub.azure-devices.net";
  private static final String BIND = "127.0.0.5";

  @TempDir static Path folder;
  private static HubCertificateAuthority authority;
  private static LocalTlsServer server;

  @BeforeAll
  static void start() throws IOException {
    authority = HubCertificateAuthority.open(folder, ServerNames.of("localhost", BIND, HUB), Clock.systemUTC());
    server = new LocalTlsServer(ServerTls.of(authority.serverKey()), InetAddress.getByName(BIND));
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", BIND, HUB, "LocalHub.Azure-Devices.NET"})
  void a_client_trusting_only_the_hub_ca_verifies_every_name_in_the_certificate(String hostName) throws Exception {
    SSLContext client = ClientTls.trusting(authority.caFile());
    try (SSLSocket socket = LocalTlsServer.connect(client, hostName, server.address())) {
      assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(authority.serverKey().certificate());
      assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
    assertThat(server.nextClientCertificate()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"otherhub.azure-devices.net", "127.0.0.6", "localhost.localdomain"})
  void hostname_verification_fails_for_a_name_not_in_the_certificate(String hostName) {
    assertThatExceptionOfType(SSLHandshakeException.class)
        .isThrownBy(() -> LocalTlsServer.connect(ClientTls.trusting(authority.caFile()), hostName, server.address()))
        .withStackTraceContaining("No subject alternative");
  }

  @Test
  void a_client_trusting_another_ca_refuses_the_server(@TempDir Path otherFolder) throws Exception {
    HubCertificateAuthority other =
        HubCertificateAuthority.open(otherFolder, ServerNames.of("localhost"), Clock.systemUTC());

    assertThatExceptionOfType(SSLHandshakeException.class)
        .isThrownBy(() -> LocalTlsServer.connect(ClientTls.trusting(other.caFile()), "localhost", server.address()));
  }

  @Test
  void the_server_sees_an_optional_self_signed_client_certificate() throws Exception {
    CertifiedKey device = DeviceCertificates.selfSigned("dev1", Clock.systemUTC());
    SSLContext client = ClientTls.trusting(authority.caFile(), device);

    try (SSLSocket socket = LocalTlsServer.connect(client, HUB, server.address())) {
      assertThat(socket.getSession().getLocalCertificates()).containsExactly(device.certificate());
    }

    Certificate seen = server.nextClientCertificate().orElseThrow();
    assertThat(seen).isEqualTo(device.certificate());
    assertThat(Thumbprint.sha1((X509Certificate) seen)
        .matches(Thumbprint.sha1(device.certificate()).hex().toLowerCase(Locale.ROOT))).isTrue();
    assertThat(Thumbprint.sha256((X509Certificate) seen)).isEqualTo(Thumbprint.sha256(device.certificate()));
  }

  @Test
  void the_server_accepts_a_client_certificate_from_an_unknown_ca() throws Exception {
    CertifiedKey fleet = DeviceCertificates.authority("Fleet CA", Clock.systemUTC());
    CertifiedKey device = DeviceCertificates.issuedBy(fleet, "dev2", Clock.systemUTC());

    LocalTlsServer.connect(ClientTls.trusting(authority.caFile(), device), HUB, server.address()).close();

    assertThat(server.nextClientCertificate()).contains(device.certificate());
  }

  @Test
  void the_netty_context_negotiates_tls_and_shows_the_client_certificate() throws Exception {
    CertifiedKey device = DeviceCertificates.selfSigned("dev3", Clock.systemUTC());
    BlockingQueue<Optional<Certificate>> seen = new LinkedBlockingQueue<>();
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      SslContext netty = ServerTls.of(authority.serverKey()).nettyContext();
      Channel channel = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              SslHandler ssl = netty.newHandler(ch.alloc());
              ch.pipeline().addLast(ssl, new ChannelInboundHandlerAdapter() {
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                  if (event instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                    SSLSession session = ssl.engine().getSession();
                    try {
                      seen.add(Optional.of(session.getPeerCertificates()[0]));
                    } catch (SSLPeerUnverifiedException none) {
                      seen.add(Optional.empty());
                    }
                    ctx.writeAndFlush(ctx.alloc().buffer().writeByte(42));
                  }
                }
              });
            }
          })
          .bind(InetAddress.getByName(BIND), 0).sync().channel();
      InetSocketAddress address = (InetSocketAddress) channel.localAddress();

      LocalTlsServer.connect(ClientTls.trusting(authority.caFile(), device), HUB, address).close();
      assertThat(seen.poll(10, TimeUnit.SECONDS)).contains(device.certificate());

      LocalTlsServer.connect(ClientTls.trusting(authority.caFile()), "localhost", address).close();
      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEmpty();

      SSLContext tls12 = ClientTls.trusting(authority.caFile());
      try (SSLSocket socket =
          (SSLSocket) tls12.getSocketFactory().createSocket(address.getAddress(), address.getPort())) {
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.startHandshake();
        assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
      }
      channel.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void the_https_server_context_requests_the_client_certificate_optionally() throws Exception {
    CertifiedKey device = DeviceCertificates.selfSigned("dev4", Clock.systemUTC());
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(BIND), 0), 0);
    https.setHttpsConfigurator(ServerTls.of(authority.serverKey()).httpsConfigurator());
    https.createContext("/", exchange -> {
      String answer;
      try {
        answer = Thumbprint.sha1(
            (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]).hex();
      } catch (SSLPeerUnverifiedException none) {
        answer = "none";
      }
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    https.start();
    try {
      // HttpsURLConnection verifies the host name by default; the IP is one of the certificate's names.
      URL byIp = new URL("https://" + BIND + ":" + https.getAddress().getPort() + "/twins/dev4");

      assertThat(get(byIp, ClientTls.trusting(authority.caFile(), device)))
          .isEqualTo(Thumbprint.sha1(device.certificate()).hex());
      assertThat(get(byIp, ClientTls.trusting(authority.caFile()))).isEqualTo("none");
    } finally {
      https.stop(0);
    }
  }

  private static String get(URL url, SSLContext client) throws IOException {
    HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
    connection.setSSLSocketFactory(client.getSocketFactory());
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(10_000);
    try (InputStream body = connection.getInputStream()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }
}
