package dev.converge.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics;
import com.azure.core.credential.AzureSasCredential;
import dev.converge.emulator.auth.SasToken;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.testing.SdkClients;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official service SDK's {@code RegistryClient} against the local hub: IoT Hub's identity registry over HTTPS. */
@ExtendWith(LocalHubExtension.class)
class RegistrySdkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient registry;

  RegistrySdkTest(LocalHub hub) {
    registry = new RegistryClient(hub.serviceConnectionString());
  }

  @BeforeAll
  static void trust(LocalHub hub) {
    ServiceSdk.trust(hub);
  }

  @Test
  void service_api_listens_on_443(LocalHub hub) {
    assertThat(hub.httpsPort()).isEqualTo(443);
  }

  @Test
  void device_is_created_read_updated_and_deleted(LocalHub hub) throws Exception {
    Device created = registry.addDevice(new Device("reg-dev"));
    assertThat(created.getDeviceId()).isEqualTo("reg-dev");
    assertThat(created.getStatus()).isEqualTo(DeviceStatus.Enabled);
    assertThat(created.getConnectionState()).isEqualTo(DeviceConnectionState.Disconnected);
    assertThat(created.getETag()).isNotEmpty();
    assertThat(created.getGenerationId()).isNotEmpty();
    // The SDK generates keys client-side; the hub keeps exactly those.
    Credentials.SymmetricKey kept = (Credentials.SymmetricKey) hub.hub().identities()
        .get(IdentityId.device("reg-dev")).orElseThrow().credentials();
    assertThat(kept.primaryKey()).isEqualTo(created.getPrimaryKey());

    Device read = registry.getDevice("reg-dev");
    assertThat(read.getETag()).isEqualTo(created.getETag());
    assertThat(read.getSecondaryKey()).isEqualTo(created.getSecondaryKey());

    read.setStatus(DeviceStatus.Disabled);
    Device updated = registry.updateDevice(read);
    assertThat(updated.getStatus()).isEqualTo(DeviceStatus.Disabled);
    assertThat(updated.getETag()).isNotEqualTo(created.getETag());
    assertThat(hub.hub().identities().get(IdentityId.device("reg-dev")).orElseThrow().enabled()).isFalse();

    registry.removeDevice(updated);
    assertThat(hub.hub().identities().get(IdentityId.device("reg-dev"))).isEmpty();
    assertThatThrownBy(() -> registry.getDevice("reg-dev"))
        .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404001))
        .hasMessageContaining("reg-dev");
  }

  @Test
  void keys_left_out_are_generated_by_the_hub(LocalHub hub) throws Exception {
    Device device = new Device("keyless-dev");
    device.getSymmetricKey().setPrimaryKey(null);
    device.getSymmetricKey().setSecondaryKey(null);
    Device created = registry.addDevice(device);
    assertThat(Base64.getDecoder().decode(created.getPrimaryKey())).hasSize(32);
    assertThat(Base64.getDecoder().decode(created.getSecondaryKey())).hasSize(32);
    assertThat(created.getPrimaryKey()).isNotEqualTo(created.getSecondaryKey());
    // The generated key works for the device SDK.
    var client = SdkClients.device(hub, "keyless-dev");
    try {
      client.open(false);
    } finally {
      client.close();
    }
  }

  @Test
  void x509_device_keeps_its_thumbprints(LocalHub hub) throws Exception {
    String thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678";
    Device device = new Device("x509-dev", AuthenticationType.SELF_SIGNED);
    device.setThumbprint(thumbprint, thumbprint.replace('A', 'B'));
    Device created = registry.addDevice(device);
    assertThat(created.getAuthenticationType()).isEqualTo(AuthenticationType.SELF_SIGNED);
    assertThat(created.getPrimaryThumbprint()).isEqualTo(thumbprint);
    assertThat(hub.hub().identities().get(IdentityId.device("x509-dev")).orElseThrow().credentials())
        .isEqualTo(new Credentials.X509Thumbprint(thumbprint, thumbprint.replace('A', 'B')));
  }

  @Test
  void duplicate_unknown_and_stale_etag_are_refused_with_iot_hub_codes() throws Exception {
    Device first = registry.addDevice(new Device("dup-dev"));
    assertThatThrownBy(() -> registry.addDevice(new Device("dup-dev")))
        .isInstanceOfSatisfying(IotHubConflictException.class, e -> assertThat(e.getErrorCode()).isEqualTo(409001));
    assertThatThrownBy(() -> registry.getDevice("no-such-dev")).isInstanceOf(IotHubNotFoundException.class);
    assertThatThrownBy(() -> registry.removeDevice("no-such-dev")).isInstanceOf(IotHubNotFoundException.class);

    first.setStatus(DeviceStatus.Disabled);
    registry.updateDevice(first);
    // `first` still holds the etag from before the update.
    assertThatThrownBy(() -> registry.removeDevice(first))
        .isInstanceOf(IotHubPreconditionFailedException.class)
        .hasMessageContaining("dup-dev");
    registry.removeDevice(registry.getDevice("dup-dev"));
  }

  @Test
  void invalid_identity_is_a_bad_request_naming_the_value() {
    String tooLong = "d".repeat(129);
    assertThatThrownBy(() -> registry.addDevice(new Device(tooLong)))
        .isInstanceOfSatisfying(IotHubBadFormatException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400004))
        .hasMessageContaining(tooLong);
  }

  @Test
  void modules_are_created_listed_and_deleted_with_their_device(LocalHub hub) throws Exception {
    assertThatThrownBy(() -> registry.addModule(new Module("orphan-dev", "m1")))
        .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404001));
    registry.addDevice(new Device("mod-dev"));
    Module m1 = registry.addModule(new Module("mod-dev", "m1"));
    registry.addModule(new Module("mod-dev", "m2"));
    assertThat(m1.getId()).isEqualTo("m1");
    assertThat(m1.getDeviceId()).isEqualTo("mod-dev");
    assertThat(m1.getPrimaryKey()).isNotEmpty();
    assertThatThrownBy(() -> registry.addModule(new Module("mod-dev", "m1")))
        .isInstanceOfSatisfying(IotHubConflictException.class, e -> assertThat(e.getErrorCode()).isEqualTo(409301));

    assertThat(registry.getModule("mod-dev", "m1").getETag()).isEqualTo(m1.getETag());
    assertThat(registry.getModulesOnDevice("mod-dev")).extracting(Module::getId).containsExactly("m1", "m2");
    Module updated = registry.updateModule(m1);
    assertThat(updated.getPrimaryKey()).isEqualTo(m1.getPrimaryKey());

    registry.removeModule(updated);
    assertThatThrownBy(() -> registry.getModule("mod-dev", "m1"))
        .isInstanceOfSatisfying(IotHubNotFoundException.class, e -> assertThat(e.getErrorCode()).isEqualTo(404010));
    registry.removeDevice("mod-dev");
    assertThat(hub.hub().identities().get(IdentityId.module("mod-dev", "m2"))).isEmpty();
  }

  @Test
  void connection_state_follows_the_device(LocalHub hub) throws Exception {
    registry.addDevice(new Device("online-dev"));
    var client = SdkClients.device(hub, "online-dev");
    try {
      client.open(false);
      assertThat(registry.getDevice("online-dev").getConnectionState()).isEqualTo(DeviceConnectionState.Connected);
    } finally {
      client.close();
    }
    hub.await("disconnected", Duration.ofSeconds(5),
        () -> !hub.hub().sessions().presence(IdentityId.device("online-dev")).connected());
    assertThat(registry.getDevice("online-dev").getConnectionState()).isEqualTo(DeviceConnectionState.Disconnected);
  }

  @Test
  void devices_are_listed_with_top_and_counted(LocalHub hub) throws Exception {
    for (String id : List.of("list-a", "list-b", "list-c")) {
      registry.addDevice(new Device(id));
    }
    ServiceSdk.Reply all = ServiceSdk.call(hub, "GET", "/devices?api-version=2021-04-12", ServiceSdk.token(hub), "");
    assertThat(all.status()).isEqualTo(200);
    JsonNode devices = JSON.readTree(all.body());
    assertThat(devices.findValuesAsText("deviceId")).contains("list-a", "list-b", "list-c");
    ServiceSdk.Reply two =
        ServiceSdk.call(hub, "GET", "/devices?top=2&api-version=2021-04-12", ServiceSdk.token(hub), "");
    assertThat(JSON.readTree(two.body())).hasSize(2);

    RegistryStatistics statistics = registry.getStatistics();
    assertThat(statistics.getTotalDeviceCount()).isEqualTo(hub.hub().identities().devices().size());
  }

  @Test
  void a_request_without_api_version_is_a_bad_request(LocalHub hub) {
    ServiceSdk.Reply reply = ServiceSdk.call(hub, "GET", "/devices/any", ServiceSdk.token(hub), "");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("400001").contains("api-version");
  }

  @Test
  void a_malformed_api_version_is_a_bad_request(LocalHub hub) {
    ServiceSdk.Reply truncated =
        ServiceSdk.call(hub, "GET", "/devices/any?api-version=2018-06", ServiceSdk.token(hub), "");
    ServiceSdk.Reply empty = ServiceSdk.call(hub, "GET", "/devices/any?api-version=", ServiceSdk.token(hub), "");
    ServiceSdk.Reply preview =
        ServiceSdk.call(hub, "GET", "/devices/any?api-version=2020-06-30-preview", ServiceSdk.token(hub), "");

    assertThat(truncated.status()).isEqualTo(400);
    assertThat(truncated.headers().get("iothub-errorcode")).containsExactly("InvalidProtocolVersion");
    assertThat(truncated.body()).contains("400001").contains("2018-06");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(preview.status()).as("a well-formed version is served").isEqualTo(404);
  }

  @Test
  void bad_and_expired_service_tokens_are_unauthorized(LocalHub hub) {
    String wrongKey = hub.serviceConnectionString()
        .replaceFirst("SharedAccessKey=[^;]+", "SharedAccessKey=" + hub.hub().identities().newKey());
    assertThatThrownBy(() -> new RegistryClient(wrongKey).getDevice("any"))
        .isInstanceOfSatisfying(IotHubUnauthorizedException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(401002));

    String key = hub.serviceConnectionString().replaceFirst(".*SharedAccessKey=", "");
    String host = hub.config().hostName();
    SasToken expired = SasToken.sign(host, key, Instant.now().minusSeconds(60), "iothubowner");
    assertThatThrownBy(() -> new RegistryClient(host, new AzureSasCredential(expired.text())).getDevice("any"))
        .isInstanceOf(IotHubUnauthorizedException.class);
    SasToken fresh = SasToken.sign(host, key, Instant.now().plusSeconds(600), "iothubowner");
    assertThatThrownBy(() -> new RegistryClient(host, new AzureSasCredential(fresh.text())).getDevice("any"))
        .isInstanceOf(IotHubNotFoundException.class);

    ServiceSdk.Reply none = ServiceSdk.call(hub, "GET", "/devices/any?api-version=2021-04-12", "", "");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.headers().get("iothub-errorcode")).containsExactly("IotHubUnauthorizedAccess");
  }
}
