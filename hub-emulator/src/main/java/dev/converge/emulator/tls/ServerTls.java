package dev.converge.emulator.tls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The hub's server-side TLS for one server key: a netty context for MQTT on 8883 and a JDK context for the REST
 * endpoints on {@code HttpsServer}.
 *
 * <p>Both offer TLS 1.3 and 1.2 (IoT Hub requires at least 1.2) and request a client certificate without requiring
 * one: SAS devices send none, X.509 devices send theirs, and any chain passes the handshake ({@link TrustAnyClient})
 * because the hub decides afterwards, from the certificate's thumbprint, which device it is. Read the certificate from
 * {@code SSLSession.getPeerCertificates()}; it throws {@code SSLPeerUnverifiedException} when the client sent none.
 */
public final class ServerTls {

  /** The protocols offered, newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final CertifiedKey serverKey;
  private final SSLContext sslContext;

  private ServerTls(CertifiedKey serverKey, SSLContext sslContext) {
    this.serverKey = serverKey;
    this.sslContext = sslContext;
  }

  /** Server TLS presenting {@code serverKey}, e.g. {@link HubCertificateAuthority#serverKey()}. */
  public static ServerTls of(CertifiedKey serverKey) {
    Objects.requireNonNull(serverKey, "serverKey");
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("hub", serverKey.privateKey(), password, serverKey.chain().toArray(X509Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), new TrustManager[] {new TrustAnyClient()}, new SecureRandom());
      return new ServerTls(serverKey, context);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build server TLS for " + serverKey, e);
    }
  }

  /**
   * A new netty server context (JDK provider, so no native library is needed), for an {@code SslHandler} in front of
   * the MQTT codec. Client authentication is {@link ClientAuth#OPTIONAL}.
   */
  public SslContext nettyContext() throws SSLException {
    return SslContextBuilder.forServer(serverKey.privateKey(), serverKey.chain())
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOLS)
        .clientAuth(ClientAuth.OPTIONAL)
        .trustManager(new TrustAnyClient())
        .build();
  }

  /**
   * The JDK context. It presents the server key and trusts any client chain, but asks for a client certificate only
   * where the parameters say so: use {@link #serverParameters()} on sockets and engines, or {@link
   * #httpsConfigurator()} for {@code HttpsServer}.
   */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** Parameters for sockets and engines from {@link #sslContext()}: the protocols, client certificate wanted. */
  public SSLParameters serverParameters() {
    SSLParameters parameters = sslContext.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setWantClientAuth(true);
    return parameters;
  }

  /** For {@code HttpsServer.setHttpsConfigurator}: {@link #sslContext()} with {@link #serverParameters()}. */
  public HttpsConfigurator httpsConfigurator() {
    return new HttpsConfigurator(sslContext) {
      @Override
      public void configure(HttpsParameters parameters) {
        parameters.setSSLParameters(serverParameters());
      }
    };
  }

  /** The leaf of the TLS client certificate chain an HTTPS request presented, or null. */
  public static @Nullable X509Certificate clientCertificate(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return null;
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
