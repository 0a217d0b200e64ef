package dev.converge.conformance;

import org.jspecify.annotations.Nullable;

/** What a scenario expects at a device path. */
public sealed interface FileExpectation {

  /** Nothing there. */
  record Missing() implements FileExpectation {}

  /** A regular file, whatever it holds. */
  record Present() implements FileExpectation {}

  /** A regular file; with this content and mode, where given. */
  record Holding(@Nullable String content, @Nullable String mode) implements FileExpectation {
    public Holding {
      if (mode != null && !DeviceAction.MODE.matcher(mode).matches()) {
        throw new IllegalArgumentException("a mode is four octal digits such as \"0644\" (quoted in YAML), not '"
            + mode + "'");
      }
    }
  }
}
