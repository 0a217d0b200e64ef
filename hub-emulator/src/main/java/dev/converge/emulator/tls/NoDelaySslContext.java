package dev.converge.emulator.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose client sockets have {@code TCP_NODELAY} set; everything else is the wrapped context's.
 *
 * <p>Paho (inside the device SDK) never sets {@code TCP_NODELAY}, and the SDK follows each PUBACK with a small
 * PUBLISH, so Nagle's algorithm meets the peer's delayed ACK and every round trip waits about 40 ms (measured in
 * {@code local-hub-and-sdk.md} §6: desired-to-reported p50 49 ms, 21 ms with this wrapper). The SDK takes an
 * {@code SSLContext} in {@code ClientOptions.sslContext} and Paho calls {@link #getSocketFactory()} on it, so this is
 * the one place the option can be set without touching the SDK.
 */
public final class NoDelaySslContext extends SSLContext {

  private NoDelaySslContext(SSLContext delegate) {
    super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
  }

  /** {@code delegate}, already initialised, with {@code TCP_NODELAY} on every socket its factory creates. */
  public static SSLContext wrap(SSLContext delegate) {
    return new NoDelaySslContext(Objects.requireNonNull(delegate, "delegate"));
  }

  /** Forwards everything; only the socket factory is wrapped. */
  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;

    Spi(SSLContext delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
      delegate.init(keys, trust, random);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return new NoDelaySocketFactory(delegate.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return delegate.createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return delegate.createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return delegate.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }
}
