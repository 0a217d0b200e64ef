package dev.converge.emulator.adm;

/**
 * A configuration's standing on one twin, as recorded in the twin's {@code configurations} section: {@code
 * {"<id>": {"status": "targeted"}}}. The JSON values are the service SDK's ({@code twin.ConfigurationStatus}:
 * {@code targeted}, {@code applied}).
 */
public enum ConfigurationStatus {
  /** The twin matches the target condition, but higher-priority configurations won every path this one sets. */
  TARGETED("targeted"),
  /** The twin matches the target condition and this configuration won at least one of its paths there. */
  APPLIED("applied");

  private final String json;

  ConfigurationStatus(String json) {
    this.json = json;
  }

  /** The value written in the twin. */
  public String json() {
    return json;
  }
}
