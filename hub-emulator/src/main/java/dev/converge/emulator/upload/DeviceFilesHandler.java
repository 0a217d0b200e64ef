package dev.converge.emulator.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.converge.emulator.hub.DeviceAuthentication;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.tls.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device side of IoT Hub file upload (REST API "Device - Create File Upload Sas Uri" and "Device - Update File
 * Upload Status"):
 *
 * <ul>
 *   <li>{@code POST /devices/{id}/files} with {@code {"blobName":..}} answers 200 with {@code {"correlationId",
 *       "hostName","containerName","blobName","sasToken"}}; the blob is {@code {id}/{blobName}}.
 *   <li>{@code POST /devices/{id}/files/notifications} with {@code {"correlationId","isSuccess","statusCode",
 *       "statusDescription"}} answers 204.
 * </ul>
 *
 * <p>Both authenticate the device ({@link DeviceAuthentication}); failures are IoT Hub's 401.
 */
final class DeviceFilesHandler implements HttpHandler {

  static final Pattern PATH = Pattern.compile("/devices/([^/]+)/files(/notifications)?");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(DeviceFilesHandler.class);

  private final FileUploads uploads;
  private final DeviceAuthentication authentication;
  private final Clock clock;

  DeviceFilesHandler(FileUploads uploads, DeviceAuthentication authentication, Clock clock) {
    this.uploads = uploads;
    this.authentication = authentication;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      answer(exchange, body).send(exchange);
    }
  }

  private HttpReply answer(HttpExchange exchange, byte[] body) {
    Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
    if (!path.matches()) {
      return HttpReply.hubError(404, "NotFound", "no file upload operation at "
          + exchange.getRequestURI().getPath(), clock.instant());
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return HttpReply.hubError(405, "MethodNotAllowed", exchange.getRequestMethod() + " is not allowed here",
          clock.instant());
    }
    String deviceId = path.group(1);
    Optional<String> problem = authentication.problem(IdentityId.device(deviceId),
        exchange.getRequestHeaders().getFirst("Authorization"), ServerTls.clientCertificate(exchange));
    if (problem.isPresent()) {
      LOG.info("File upload request refused: {}", problem.get());
      return HttpReply.hubError(401, "IotHubUnauthorizedAccess", "Unauthorized", clock.instant());
    }
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      request = null;
    }
    if (request == null || !request.isObject()) {
      return argumentInvalid("the request body must be a JSON object");
    }
    return path.group(2) == null ? start(deviceId, request) : complete(deviceId, request);
  }

  private HttpReply start(String deviceId, JsonNode request) {
    JsonNode requested = request.get("blobName");
    if (requested == null || !requested.isTextual()) {
      return argumentInvalid("blobName is required");
    }
    String full = deviceId + "/" + requested.asText();
    Optional<String> nameProblem = BlobName.problem(full);
    if (nameProblem.isPresent()) {
      return argumentInvalid(nameProblem.get());
    }
    Optional<PendingUpload> started = uploads.start(deviceId, new BlobName(full));
    if (started.isEmpty()) {
      return HttpReply.hubError(403, "DeviceMaximumActiveFileUploadLimitExceeded", "device " + deviceId
          + " already has " + PendingUploads.MAX_ACTIVE_PER_DEVICE + " uploads in progress", clock.instant());
    }
    PendingUpload upload = started.get();
    return HttpReply.json(200, JsonNodeFactory.instance.objectNode()
        .put("correlationId", upload.correlationId())
        .put("hostName", uploads.blobHostName())
        .put("containerName", FileUploads.CONTAINER)
        .put("blobName", upload.blobName().value())
        .put("sasToken", uploads.sasToken(upload))
        .toString());
  }

  private HttpReply complete(String deviceId, JsonNode request) {
    JsonNode correlationId = request.get("correlationId");
    JsonNode isSuccess = request.get("isSuccess");
    if (correlationId == null || !correlationId.isTextual() || isSuccess == null || !isSuccess.isBoolean()) {
      return argumentInvalid("correlationId (string) and isSuccess (boolean) are required");
    }
    JsonNode statusCode = request.get("statusCode");
    JsonNode description = request.get("statusDescription");
    Optional<UploadCompletion> completed = uploads.complete(
        deviceId,
        correlationId.asText(),
        isSuccess.asBoolean(),
        statusCode != null && statusCode.canConvertToInt() ? statusCode.asInt() : null,
        description != null && description.isTextual() ? description.asText() : null);
    if (completed.isEmpty()) {
      return argumentInvalid("correlation id " + correlationId.asText()
          + " names no upload of this device in progress (unknown, completed or expired)");
    }
    return HttpReply.empty(204);
  }

  private HttpReply argumentInvalid(String message) {
    return HttpReply.hubError(400, "ArgumentInvalid", message, clock.instant());
  }
}
