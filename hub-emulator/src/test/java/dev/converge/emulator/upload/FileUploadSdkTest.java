package dev.converge.emulator.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.FileUploadCompletionNotification;
import com.microsoft.azure.sdk.iot.device.FileUploadSasUriRequest;
import com.microsoft.azure.sdk.iot.device.FileUploadSasUriResponse;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import dev.converge.emulator.dps.HubWithHttps;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.SdkClients;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.ClientTls;
import dev.converge.emulator.tls.DeviceCertificates;
import dev.converge.emulator.tls.Thumbprint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device file upload with the unmodified device SDK 2.5.0 (SAS URI request, completion) and a plain {@link
 * HttpsURLConnection} for the blob PUT, as a device using the Azure Storage REST API would send it.
 */
class FileUploadSdkTest {

  private static final Map<String, String> BLOCK_BLOB = Map.of("x-ms-blob-type", "BlockBlob");

  @TempDir static Path dir;
  private static HubWithHttps emulator;

  @BeforeAll
  static void start() {
    emulator = HubWithHttps.start(dir);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void device_gets_a_sas_uri_uploads_the_blob_and_reports_completion() throws Exception {
    hub().createDevice("uploader");
    DeviceClient client = SdkClients.device(hub(), "uploader");

    FileUploadSasUriResponse sas = client.getFileUploadSasUri(new FileUploadSasUriRequest("logs/boot-1.txt"));

    assertThat(sas.getCorrelationId()).isNotBlank();
    assertThat(sas.getHostName()).isEqualTo(emulator.hostName());
    assertThat(sas.getContainerName()).isEqualTo(FileUploads.CONTAINER);
    assertThat(sas.getBlobName()).isEqualTo("uploader/logs/boot-1.txt");
    assertThat(sas.getSasToken()).startsWith("?sv=");

    assertThat(put(sas.getBlobUri(), "hello blob", BLOCK_BLOB)).isEqualTo(201);
    client.completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true, 201, "stored"));

    UploadedFile stored = single(hub().uploads().files("uploader"));
    assertThat(stored.blobName()).isEqualTo("uploader/logs/boot-1.txt");
    assertThat(stored.file()).startsWith(hub().config().stateDir());
    assertThat(Files.readString(stored.file())).isEqualTo("hello blob");
    UploadCompletion completion = hub().uploads().completions().stream()
        .filter(c -> c.correlationId().equals(sas.getCorrelationId())).findFirst().orElseThrow();
    assertThat(completion.isSuccess()).isTrue();
    assertThat(completion.statusCode()).isEqualTo(201);
    assertThat(completion.statusDescription()).isEqualTo("stored");
    assertThat(completion.blobSizeInBytes()).isEqualTo(10);
    assertThat(completion.blobUri())
        .isEqualTo("https://" + emulator.hostName() + "/fileuploads/uploader/logs/boot-1.txt");

    assertThatThrownBy(() -> client.completeFileUpload(
        new FileUploadCompletionNotification(sas.getCorrelationId(), true))).as("completed only once")
        .isInstanceOf(IotHubClientException.class);
  }

  @Test
  void blob_put_needs_the_block_blob_header_and_an_unaltered_sas() throws Exception {
    hub().createDevice("careless");
    DeviceClient client = SdkClients.device(hub(), "careless");
    FileUploadSasUriResponse sas = client.getFileUploadSasUri(new FileUploadSasUriRequest("a.txt"));

    assertThat(put(sas.getBlobUri(), "x", Map.of())).isEqualTo(400);
    String tampered = sas.getBlobUri().toString().replace("sp=rw", "sp=rwd");
    assertThat(put(URI.create(tampered), "x", BLOCK_BLOB)).isEqualTo(403);
    String elsewhere = sas.getBlobUri().toString().replace("careless%2Fa.txt", "careless%2Fb.txt");
    assertThat(put(URI.create(elsewhere), "x", BLOCK_BLOB)).isEqualTo(403);
    String traversal = "https://" + emulator.hostName() + "/fileuploads/careless/%2e%2e/%2e%2e/escape.txt"
        + sas.getSasToken();
    assertThat(put(URI.create(traversal), "x", BLOCK_BLOB)).isEqualTo(400);

    assertThat(hub().uploads().files("careless")).isEmpty();
    assertThat(Files.exists(hub().config().stateDir().resolve("uploads/escape.txt"))).isFalse();
    assertThat(Files.exists(hub().config().stateDir().resolve("escape.txt"))).isFalse();
  }

  @Test
  void bad_blob_names_wrong_keys_and_unknown_uploads_are_refused() throws Exception {
    hub().createDevice("strict");
    DeviceClient client = SdkClients.device(hub(), "strict");

    assertThatThrownBy(() -> client.getFileUploadSasUri(new FileUploadSasUriRequest("../../etc/passwd")))
        .isInstanceOf(IotHubClientException.class);
    assertThatThrownBy(() -> client.completeFileUpload(new FileUploadCompletionNotification("nope", true)))
        .isInstanceOf(IotHubClientException.class);

    String wrongKey = hub().deviceConnectionString("strict")
        .replaceFirst("SharedAccessKey=[^;]+", "SharedAccessKey=" + hub().hub().identities().newKey());
    DeviceClient impostor = new DeviceClient(wrongKey, IotHubClientProtocol.MQTT, SdkClients.tuned(hub()));
    assertThatThrownBy(() -> impostor.getFileUploadSasUri(new FileUploadSasUriRequest("a.txt")))
        .isInstanceOf(IotHubClientException.class);
  }

  @Test
  void x509_device_uploads_with_its_client_certificate() throws Exception {
    CertifiedKey certificate = DeviceCertificates.selfSigned("camera", Clock.systemUTC());
    hub().createX509Device("camera", Thumbprint.sha1(certificate.certificate()).hex());
    ClientOptions options = ClientOptions.builder().sslContext(ClientTls.trusting(hub().caFile(), certificate)).build();
    DeviceClient client = new DeviceClient(hub().deviceConnectionString("camera"), IotHubClientProtocol.MQTT, options);

    FileUploadSasUriResponse sas = client.getFileUploadSasUri(new FileUploadSasUriRequest("frame.jpg"));
    assertThat(put(sas.getBlobUri(), "jpeg", BLOCK_BLOB)).isEqualTo(201);
    client.completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true));

    assertThat(Files.readString(single(hub().uploads().files("camera")).file())).isEqualTo("jpeg");
  }

  @Test
  void sas_uris_and_uploads_in_flight_survive_a_restart() throws Exception {
    hub().createDevice("steady");
    FileUploadSasUriResponse sas =
        SdkClients.device(hub(), "steady").getFileUploadSasUri(new FileUploadSasUriRequest("before.txt"));

    emulator.restart();

    assertThat(put(sas.getBlobUri(), "after restart", BLOCK_BLOB)).isEqualTo(201);
    SdkClients.device(hub(), "steady")
        .completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true));
    assertThat(hub().uploads().completions()).extracting(UploadCompletion::correlationId)
        .contains(sas.getCorrelationId());
    emulator.restart();
    assertThat(Files.readString(single(hub().uploads().files("steady")).file())).isEqualTo("after restart");
    // The completion is IoT Hub's file upload notification, which waits durably for the back end.
    assertThat(hub().uploads().completions()).filteredOn(c -> c.correlationId().equals(sas.getCorrelationId()))
        .singleElement().satisfies(c -> {
          assertThat(c.isSuccess()).isTrue();
          assertThat(c.blobSizeInBytes()).isEqualTo("after restart".length());
          assertThat(c.blobName()).isEqualTo("steady/before.txt");
        });
  }

  /** A blob PUT as the Azure Storage REST API takes it, trusting only the hub's CA. */
  private static int put(URI blob, String content, Map<String, String> headers) throws IOException {
    HttpsURLConnection connection = (HttpsURLConnection) blob.toURL().openConnection();
    connection.setSSLSocketFactory(ClientTls.trusting(hub().caFile()).getSocketFactory());
    connection.setRequestMethod("PUT");
    connection.setDoOutput(true);
    headers.forEach(connection::setRequestProperty);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    connection.setFixedLengthStreamingMode(bytes.length);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(bytes);
    }
    int status = connection.getResponseCode();
    connection.disconnect();
    return status;
  }

  private static UploadedFile single(java.util.List<UploadedFile> files) {
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  private static LocalHub hub() {
    return emulator.hub();
  }
}
