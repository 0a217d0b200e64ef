package dev.converge.emulator.upload;

import java.util.Objects;
import java.util.Optional;

/**
 * A blob name that is safe to store as a file: Azure's rule (1 to 1024 characters, {@code /} separating virtual
 * folders) narrowed so that no name can leave the container folder: no empty, {@code .} or {@code ..} segment, no
 * backslash, no control character.
 *
 * @param value e.g. {@code dev1/logs/today.txt}
 */
record BlobName(String value) {

  static final int MAX_LENGTH = 1024;

  BlobName {
    Objects.requireNonNull(value, "value");
    problem(value).ifPresent(p -> {
      throw new IllegalArgumentException(p);
    });
  }

  /** Why {@code name} cannot be a blob name here, or empty when it can. */
  static Optional<String> problem(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      return Optional.of("a blob name has 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return Optional.of("blob name '" + name + "' contains a control character or backslash");
      }
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return Optional.of("blob name '" + name + "' has an empty, '.' or '..' path segment");
      }
    }
    return Optional.empty();
  }

  /** The first segment: IoT Hub names every uploaded blob {@code {deviceId}/{name}}. */
  String firstSegment() {
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }

  @Override
  public String toString() {
    return value;
  }
}
