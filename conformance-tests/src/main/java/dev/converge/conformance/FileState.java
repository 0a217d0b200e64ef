package dev.converge.conformance;

import java.util.Objects;

/** What is found at a device path: nothing, a regular file with its text and mode, or something else. */
public sealed interface FileState {

  /** Nothing at the path. */
  record Missing() implements FileState {}

  /**
   * A regular file.
   *
   * @param content the file's bytes decoded as UTF-8 (malformed bytes become U+FFFD)
   * @param mode the permission bits as four octal digits, such as {@code 0644}
   */
  record Regular(String content, String mode) implements FileState {
    public Regular {
      Objects.requireNonNull(content, "content");
      Objects.requireNonNull(mode, "mode");
    }
  }

  /** A folder, link, device, pipe or socket. */
  record Other(String kind) implements FileState {
    public Other {
      Objects.requireNonNull(kind, "kind");
    }
  }

  static FileState missing() {
    return new Missing();
  }

  /** How the state reads in a failure message. */
  default String describe() {
    if (this instanceof Regular r) {
      return "a file with mode " + r.mode() + " and content " + JsonText.quote(r.content());
    }
    if (this instanceof Other o) {
      return "a " + o.kind() + ", not a regular file";
    }
    return "absent";
  }
}
