package dev.converge.emulator.twin;

import java.util.Objects;

/**
 * Why the hub refused a twin update: the HTTP-style status, IoT Hub's six-digit error code, the JSON pointer of the
 * offending member inside the twin, and a sentence naming it.
 *
 * <p>Status and code follow what IoT Hub answers (sources on each factory). The MQTT layer reports {@link #status()}
 * on {@code $iothub/twin/res/{status}/}; the REST layer uses it as the HTTP status with {@link #errorCode()} in the
 * body.
 *
 * @param status 400, 403 or 412
 * @param errorCode IoT Hub's error code: 400004, 403100 or 412001
 * @param path JSON pointer into the twin, e.g. {@code /properties/desired/fan/speed}
 * @param message what is wrong, naming the path
 */
public record TwinError(int status, int errorCode, String path, String message) {

  /** IoT Hub's code for a malformed or out-of-range argument ({@code ArgumentInvalid}). */
  public static final int ARGUMENT_INVALID = 400004;

  /** IoT Hub's code for a section above its size limit (the body of a 403 when reported exceeds 32 KB). */
  public static final int MAX_PROPERTIES_EXCEEDED = 403100;

  /** IoT Hub's code for an If-Match etag that does not match. */
  public static final int PRECONDITION_FAILED = 412001;

  public TwinError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /**
   * A key, value or shape IoT Hub does not accept: 400 with {@code ArgumentInvalid}, as the hub answers e.g.
   * "ErrorCode:ArgumentInvalid;Property or Tag value should be maximum 4096 bytes" (Azure/iotedge#5921,
   * Azure/iot-edge-opc-publisher-v1#143, the latter quoting the 400 BadRequest status).
   */
  static TwinError invalidArgument(String path, String message) {
    return new TwinError(400, ARGUMENT_INVALID, path, path + ": " + message);
  }

  /**
   * A section that would exceed its size limit. IoT Hub answers 403 Forbidden, not 400 or 413:
   * "ErrorCode:DeviceModelMaxPropertiesExceeded;'Properties.Desired' size should be less than 8192 bytes"
   * (Azure/iotedge#1694, HTTP 403 from the 8 KB era) and {@code {"message":"'Properties.Reported' size should be less
   * than 32768 bytes.","errorCode":403100}} (Azure/iotedge#7035).
   */
  static TwinError tooLarge(TwinSection section, long size) {
    return new TwinError(
        403,
        MAX_PROPERTIES_EXCEEDED,
        section.pointer(),
        "'" + section.hubName() + "' size " + size + " bytes exceeds the limit of " + section.maxSize() + " bytes");
  }

  /** An If-Match etag that is not the twin's current one (REST "Common error codes": 412001, 412). */
  static TwinError preconditionFailed(String ifMatch, String etag) {
    return new TwinError(
        412, PRECONDITION_FAILED, "", "etag " + ifMatch + " does not match the twin's current etag " + etag);
  }
}
