package dev.converge.emulator.adm;

/**
 * A configuration request the hub refuses, with the HTTP status IoT Hub answers and the field at fault. The message
 * names the field and the offending value, e.g. {@code priority: -1 is negative; priority is a non-negative
 * integer}.
 */
public final class ConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  private ConfigurationException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  /** 400: the field's value breaks a rule. */
  static ConfigurationException invalid(String field, String problem) {
    return new ConfigurationException(400, field, field + ": " + problem);
  }

  /** 404: no configuration has this id. */
  static ConfigurationException notFound(String id) {
    return new ConfigurationException(404, "id", "id: configuration '" + id + "' does not exist");
  }

  /** 409: a configuration with this id exists already. */
  static ConfigurationException alreadyExists(String id) {
    return new ConfigurationException(409, "id", "id: configuration '" + id + "' already exists");
  }

  /** 412: the If-Match etag is not the configuration's current one. */
  static ConfigurationException preconditionFailed(String id, String ifMatch, String etag) {
    return new ConfigurationException(412, "etag",
        "etag: If-Match " + ifMatch + " does not match configuration '" + id + "', whose etag is " + etag);
  }

  /**
   * The hub already holds its maximum number of configurations. IoT Hub answers 413 (RequestEntityTooLarge) with
   * "ErrorCode:ConfigurationCountLimitExceeded;Number of deployments exceed the maximum quota 100 for this IotHub"
   * (MicrosoftDocs/azure-docs#94528, Azure/iotedge#417).
   */
  static ConfigurationException countLimitExceeded(String id, int limit) {
    return new ConfigurationException(413, "id", "id: cannot create configuration '" + id
        + "'; ErrorCode:ConfigurationCountLimitExceeded; the hub already has the maximum of " + limit);
  }

  /** The HTTP status to answer: 400, 404, 409, 412 or 413. */
  public int status() {
    return status;
  }

  /** The field at fault, as a dotted JSON path such as {@code content.deviceContent} or {@code metrics.queries.x}. */
  public String field() {
    return field;
  }
}
