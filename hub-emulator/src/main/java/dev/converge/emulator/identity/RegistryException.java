package dev.converge.emulator.identity;

/**
 * A registry request IoT Hub would refuse, with the HTTP status and IoT Hub error code the service API answers.
 *
 * <p>Codes are IoT Hub's published ones ("Common error codes"): 400004 ArgumentInvalid, 404001 DeviceNotFound,
 * 404010 ModuleNotFound, 409001 DeviceAlreadyExists, 409301 ModuleAlreadyExistsOnDevice, 412001 PreconditionFailed
 * (identity etag; 412002 is DeviceMessageLockLost).
 */
public final class RegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;

  public RegistryException(int status, int errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public int errorCode() {
    return errorCode;
  }

  static RegistryException invalid(String message) {
    return new RegistryException(400, 400004, message);
  }

  static RegistryException notFound(IdentityId id) {
    return id.isModule()
        ? new RegistryException(404, 404010, "module " + id + " is not registered")
        : new RegistryException(404, 404001, "device " + id + " is not registered");
  }

  static RegistryException exists(IdentityId id) {
    return id.isModule()
        ? new RegistryException(409, 409301, "module " + id + " already exists")
        : new RegistryException(409, 409001, "device " + id + " already exists");
  }

  static RegistryException etagMismatch(IdentityId id, String ifMatch, String etag) {
    return new RegistryException(
        412, 412001, "etag " + ifMatch + " does not match the current etag " + etag + " of " + id);
  }
}
