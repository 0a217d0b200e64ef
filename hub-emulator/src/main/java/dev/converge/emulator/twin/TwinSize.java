package dev.converge.emulator.twin;

import com.fasterxml.jackson.databind.JsonNode;

/** IoT Hub's twin size reading ({@link TwinRules}), for other parts that must budget by it, e.g. ADM content. */
public final class TwinSize {

  private TwinSize() {}

  /** The size of a value as it would count inside a twin section. */
  public static long of(JsonNode value) {
    return TwinRules.valueSize(value);
  }

  /** The size of a key or string: UTF-8 bytes without control characters. */
  public static long of(String text) {
    return TwinRules.stringSize(text);
  }
}
