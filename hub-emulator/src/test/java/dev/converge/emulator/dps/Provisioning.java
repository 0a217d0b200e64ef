package dev.converge.emulator.dps;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClient;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientRegistrationResult;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientStatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProvider;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;
import com.microsoft.azure.sdk.iot.provisioning.security.exceptions.SecurityProviderException;
import com.microsoft.azure.sdk.iot.provisioning.security.hsm.SecurityProviderX509Cert;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.ClientTls;
import dev.converge.emulator.tls.NoDelaySslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The official provisioning client 2.1.3 pointed at a local DPS. Trust comes from overriding {@code
 * SecurityProvider.getSSLContext()}, the client's only TLS setting, with a context that trusts only the emulator's CA;
 * verification is never turned off.
 */
final class Provisioning {

  private static final int TIMEOUT_SECONDS = 60;

  private Provisioning() {}

  /**
   * What the client's registration callback reported.
   *
   * @param error the exception the callback carried, or null
   */
  record Outcome(ProvisioningDeviceClientRegistrationResult result, @Nullable Exception error) {

    ProvisioningDeviceClientStatus status() {
      return result.getProvisioningDeviceClientStatus();
    }
  }

  /** Registers through {@code globalEndpoint} (a host name or IP; the SDK adds port 8883 or 443). */
  static Outcome register(String globalEndpoint, String idScope, ProvisioningDeviceClientTransportProtocol protocol,
      SecurityProvider device) throws Exception {
    ProvisioningDeviceClient client = ProvisioningDeviceClient.create(globalEndpoint, idScope, protocol, device);
    try {
      CountDownLatch done = new CountDownLatch(1);
      AtomicReference<Outcome> outcome = new AtomicReference<>();
      client.registerDevice((result, error, context) -> {
        outcome.set(new Outcome(result, error));
        done.countDown();
      }, null);
      if (!done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("registration did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return outcome.get();
    } finally {
      client.close();
    }
  }

  /** A symmetric-key device (individual key or group-derived key, Base64) that trusts only the hub's CA. */
  static SecurityProvider symmetricKey(LocalHub hub, String registrationId, String key) {
    Path ca = hub.caFile();
    return new SecurityProviderSymmetricKey(key.getBytes(StandardCharsets.UTF_8), registrationId) {
      @Override
      public SSLContext getSSLContext() throws SecurityProviderException {
        try {
          return ClientTls.trusting(ca);
        } catch (IOException e) {
          throw new SecurityProviderException(e);
        }
      }
    };
  }

  /** An X.509 device presenting {@code key}; its registration id is the certificate's CN, as in the SDK. */
  static SecurityProvider x509(LocalHub hub, CertifiedKey key) {
    Path ca = hub.caFile();
    return new SecurityProviderX509Cert(key.certificate(), key.privateKey(), List.of()) {
      @Override
      public SSLContext getSSLContext() throws SecurityProviderException {
        try {
          return ClientTls.trusting(ca, key);
        } catch (IOException e) {
          throw new SecurityProviderException(e);
        }
      }
    };
  }

  /**
   * A device client for a provisioned SAS device. The SecurityProvider-based constructor has no GatewayHostName, so
   * the connection string is built from the DPS result plus the hub's bind address as gateway.
   */
  static DeviceClient deviceClient(LocalHub hub, ProvisioningDeviceClientRegistrationResult result, String key) {
    String connection = "HostName=" + result.getIothubUri() + ";DeviceId=" + result.getDeviceId()
        + ";SharedAccessKey=" + key + ";GatewayHostName=" + hub.config().bindAddress();
    return new DeviceClient(connection, IotHubClientProtocol.MQTT, options(trust(hub, null)));
  }

  /** A device client for a provisioned X.509 device, presenting {@code key}. */
  static DeviceClient deviceClient(LocalHub hub, ProvisioningDeviceClientRegistrationResult result, CertifiedKey key) {
    String connection = "HostName=" + result.getIothubUri() + ";DeviceId=" + result.getDeviceId()
        + ";x509=true;GatewayHostName=" + hub.config().bindAddress();
    return new DeviceClient(connection, IotHubClientProtocol.MQTT, options(trust(hub, key)));
  }

  private static ClientOptions options(SSLContext tls) {
    return ClientOptions.builder().sslContext(NoDelaySslContext.wrap(tls)).keepAliveInterval(10).sendInterval(1)
        .receiveInterval(1).build();
  }

  private static SSLContext trust(LocalHub hub, @Nullable CertifiedKey key) {
    try {
      return key == null ? ClientTls.trusting(hub.caFile()) : ClientTls.trusting(hub.caFile(), key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
