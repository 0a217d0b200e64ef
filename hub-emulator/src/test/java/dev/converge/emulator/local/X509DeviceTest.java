package dev.converge.emulator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.ClientTls;
import dev.converge.emulator.tls.DeviceCertificates;
import dev.converge.emulator.tls.Thumbprint;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Devices registered with a self-signed certificate thumbprint, connecting with the official SDK over X.509. */
@ExtendWith(LocalHubExtension.class)
class X509DeviceTest {

  private static DeviceClient client(LocalHub hub, String deviceId, CertifiedKey certificate) throws Exception {
    ClientOptions options =
        ClientOptions.builder().sslContext(ClientTls.trusting(hub.caFile(), certificate)).keepAliveInterval(10)
            .build();
    return new DeviceClient(hub.deviceConnectionString(deviceId), IotHubClientProtocol.MQTT, options);
  }

  @Test
  void registered_certificate_connects_and_reports(LocalHub hub) throws Exception {
    CertifiedKey certificate = DeviceCertificates.selfSigned("x509-dev", Clock.systemUTC());
    hub.createX509Device("x509-dev", Thumbprint.sha1(certificate.certificate()).hex());
    DeviceClient client = client(hub, "x509-dev", certificate);
    try {
      client.open(false);
      client.subscribeToDesiredProperties((twin, ctx) -> {}, null);
      TwinCollection reported = new TwinCollection();
      reported.put("auth", "x509");
      SdkClients.report(client, reported);
      assertThat(hub.hub().twins().get(IdentityId.device("x509-dev")).orElseThrow().reported().get("auth").asText())
          .isEqualTo("x509");
    } finally {
      client.close();
    }
  }

  @Test
  void sha256_thumbprints_are_accepted_too(LocalHub hub) throws Exception {
    CertifiedKey certificate = DeviceCertificates.selfSigned("x509-256", Clock.systemUTC());
    hub.createX509Device("x509-256", Thumbprint.sha256(certificate.certificate()).hex().toLowerCase());
    DeviceClient client = client(hub, "x509-256", certificate);
    try {
      client.open(false);
    } finally {
      client.close();
    }
  }

  @Test
  void another_certificate_is_not_authorized(LocalHub hub) throws Exception {
    CertifiedKey registered = DeviceCertificates.selfSigned("x509-other", Clock.systemUTC());
    CertifiedKey presented = DeviceCertificates.selfSigned("x509-other", Clock.systemUTC());
    hub.createX509Device("x509-other", Thumbprint.sha1(registered.certificate()).hex());
    DeviceClient client = client(hub, "x509-other", presented);
    try {
      assertThatThrownBy(() -> client.open(false)).isInstanceOf(IotHubClientException.class);
    } finally {
      client.close();
    }
  }
}
