package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.adm.ConfigurationException;
import dev.converge.emulator.hub.MethodResult;
import dev.converge.emulator.identity.RegistryException;
import dev.converge.emulator.twin.TwinError;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A refused service request: HTTP status, IoT Hub error code and a message naming the resource, field or value.
 *
 * <p>{@link #body} is IoT Hub's current error shape, an outer object whose {@code Message} holds the inner error as
 * JSON text: {@code {"Message":"{\"errorCode\":404103,\"trackingId\":\"...\",\"message\":\"...\",\"timestampUtc\":
 * \"...\"}","ExceptionMessage":""}} (as quoted in Azure/azure-iot-sdk-csharp#3442). The Java service SDK digs the
 * innermost message out of {@code Message} and reads {@code errorCode} from it ({@code ErrorMessageParser}), so its
 * exceptions carry the six-digit code; a body without one would leave only the HTTP status.
 *
 * @param status HTTP status
 * @param errorCode IoT Hub's code: six digits where IoT Hub publishes one ("Common error codes"), else the status
 * @param message what is wrong, for people
 */
public record ApiError(int status, int errorCode, String message) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TRACKING_TIME =
      DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Names IoT Hub sends in the {@code iothub-errorcode} header for the codes the emulator answers. */
  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(400001, "InvalidProtocolVersion"),
      Map.entry(400004, "ArgumentInvalid"),
      Map.entry(400006, "IotHubFormatError"),
      Map.entry(401002, "IotHubUnauthorizedAccess"),
      Map.entry(404001, "DeviceNotFound"),
      Map.entry(404010, "ModuleNotFound"),
      Map.entry(404103, "DeviceNotOnline"),
      Map.entry(409001, "DeviceAlreadyExists"),
      Map.entry(409301, "ModuleAlreadyExistsOnDevice"),
      Map.entry(412001, "PreconditionFailed"),
      Map.entry(500001, "ServerError"),
      Map.entry(504101, "GatewayTimeout"));

  public ApiError {
    Objects.requireNonNull(message, "message");
  }

  /** 400 ArgumentInvalid: a value in the request breaks a rule. */
  static ApiError invalid(String message) {
    return new ApiError(400, 400004, message);
  }

  /** 400 IotHubFormatError: the body is not the JSON expected. */
  static ApiError badFormat(String message) {
    return new ApiError(400, 400006, message);
  }

  /** 400 InvalidProtocolVersion: every service request names an {@code api-version}. */
  static ApiError noApiVersion() {
    return new ApiError(400, 400001, "the query parameter api-version is missing; the service SDKs send e.g."
        + " api-version=2021-04-12");
  }

  /** 400 InvalidProtocolVersion: an {@code api-version} IoT Hub does not serve. */
  static ApiError badApiVersion(String given) {
    return new ApiError(400, 400001, "api-version '" + given + "' is not an IoT Hub api-version; the service SDKs"
        + " send e.g. api-version=2021-04-12");
  }

  /** 401 IotHubUnauthorizedAccess. */
  static ApiError unauthorized(String why) {
    return new ApiError(401, 401002, "Unauthorized: " + why);
  }

  /** 404 for a path that names nothing the service API has. */
  static ApiError noSuchResource(String method, String path) {
    return new ApiError(404, 404, "no IoT Hub service resource at " + method + " " + path);
  }

  /** 405 for a known path with a method it does not support. */
  static ApiError methodNotAllowed(String method, String path, String allowed) {
    return new ApiError(405, 405, method + " is not supported on " + path + "; use " + allowed);
  }

  static ApiError of(RegistryException e) {
    return new ApiError(e.status(), e.errorCode(), e.getMessage());
  }

  static ApiError of(TwinError e) {
    return new ApiError(e.status(), e.errorCode(), e.message());
  }

  /** ADM refusals; IoT Hub publishes no six-digit codes for configurations except the generic ones used here. */
  static ApiError of(ConfigurationException e) {
    int code = switch (e.status()) {
      case 400 -> 400004;
      case 412 -> 412001;
      default -> e.status();
    };
    return new ApiError(e.status(), code, e.getMessage());
  }

  static ApiError of(MethodResult.Failed failed) {
    return new ApiError(failed.httpStatus(), failed.errorCode(), failed.message());
  }

  /** The {@code iothub-errorcode} header value, when IoT Hub has a name for the code. */
  Optional<String> codeName() {
    return Optional.ofNullable(NAMES.get(errorCode));
  }

  /** The response body, as described on the class. */
  ObjectNode body(Instant now) {
    ObjectNode inner = JSON.createObjectNode()
        .put("errorCode", errorCode)
        .put("trackingId", UUID.randomUUID().toString().replace("-", "") + "-TimeStamp:" + TRACKING_TIME.format(now))
        .put("message", message)
        .put("timestampUtc", now.toString());
    return JSON.createObjectNode().put("Message", inner.toString()).put("ExceptionMessage", "");
  }
}
