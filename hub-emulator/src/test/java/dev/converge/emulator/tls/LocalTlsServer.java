package dev.converge.emulator.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A JDK TLS server on an ephemeral port using {@link ServerTls}: each connection completes the handshake, records the
 * client certificate the server saw (if any), writes one byte and closes.
 */
final class LocalTlsServer implements AutoCloseable {

  private final SSLServerSocket socket;
  private final BlockingQueue<Optional<Certificate>> clientCertificates = new LinkedBlockingQueue<>();
  private final Thread acceptor;

  LocalTlsServer(ServerTls tls, InetAddress address) throws IOException {
    socket = (SSLServerSocket) tls.sslContext().getServerSocketFactory().createServerSocket(0, 10, address);
    socket.setSSLParameters(tls.serverParameters());
    acceptor = new Thread(this::serve, "local-tls-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** The client certificate of the next completed handshake, empty if the client sent none. */
  Optional<Certificate> nextClientCertificate() throws InterruptedException {
    Optional<Certificate> seen = clientCertificates.poll(10, TimeUnit.SECONDS);
    if (seen == null) {
      throw new AssertionError("no handshake completed within 10 s");
    }
    return seen;
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (SSLSocket connection = (SSLSocket) socket.accept()) {
        connection.setSoTimeout(10_000);
        try {
          connection.startHandshake();
          Optional<Certificate> certificate;
          try {
            certificate = Optional.of(connection.getSession().getPeerCertificates()[0]);
          } catch (SSLPeerUnverifiedException none) {
            certificate = Optional.empty();
          }
          OutputStream out = connection.getOutputStream();
          out.write(42);
          out.flush();
          clientCertificates.add(certificate);
        } catch (IOException handshakeFailed) {
          // The client gave up, e.g. on hostname verification; the test asserts on its side.
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Connects, verifies the server as {@code hostName} the way Paho does, and reads the server's byte. */
  static SSLSocket connect(SSLContext client, String hostName, InetSocketAddress address)
      throws IOException {
    Socket plain = new Socket();
    plain.connect(address, 10_000);
    SSLSocket tls = (SSLSocket) client.getSocketFactory().createSocket(plain, hostName, address.getPort(), true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    tls.setSSLParameters(parameters);
    tls.setSoTimeout(10_000);
    tls.startHandshake();
    if (tls.getInputStream().read() != 42) {
      throw new IOException("server did not answer");
    }
    return tls;
  }
}
