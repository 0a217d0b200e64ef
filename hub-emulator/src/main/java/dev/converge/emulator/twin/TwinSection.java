package dev.converge.emulator.twin;

/**
 * The three independently limited documents of a twin.
 *
 * <p>Limits are IoT Hub's published ones (MicrosoftDocs/azure-docs {@code iot-hub-devguide-device-twins.md}, "Device
 * twin size"): 8 KB for tags and 32 KB each for desired and reported properties. Size is the sum of key and value
 * lengths (strings as UTF-8 bytes without control characters, numbers 8, booleans 4, objects the sum of their
 * members); {@code TwinRules} in this package documents the exact reading.
 */
public enum TwinSection {
  TAGS("/tags", "Tags", 8 * 1024),
  DESIRED("/properties/desired", "Properties.Desired", 32 * 1024),
  REPORTED("/properties/reported", "Properties.Reported", 32 * 1024);

  private final String pointer;
  private final String hubName;
  private final int maxSize;

  TwinSection(String pointer, String hubName, int maxSize) {
    this.pointer = pointer;
    this.hubName = hubName;
    this.maxSize = maxSize;
  }

  /** JSON pointer of this section inside the service's twin document, e.g. {@code /properties/desired}. */
  public String pointer() {
    return pointer;
  }

  /** The name IoT Hub uses for this section in its error messages, e.g. {@code Properties.Desired}. */
  public String hubName() {
    return hubName;
  }

  /** Largest accepted size in bytes; a document of exactly this size is accepted. */
  public int maxSize() {
    return maxSize;
  }
}
