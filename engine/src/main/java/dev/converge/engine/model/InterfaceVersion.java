package dev.converge.engine.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A semantic version {@code major.minor.patch}, as used by {@code interfaceVersion} and its desired peers. */
public record InterfaceVersion(int major, int minor, int patch) implements Comparable<InterfaceVersion> {

  private static final Pattern SEMVER =
      Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?");

  public InterfaceVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
  }

  /**
   * Parses {@code 1.2.3} (pre-release and build suffixes are accepted and ignored for compatibility).
   *
   * @throws IllegalArgumentException naming the text when it is not a semantic version
   */
  public static InterfaceVersion parse(String text) {
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a semantic version (major.minor.patch)");
    }
    return new InterfaceVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
  }

  public static boolean isValid(String text) {
    return SEMVER.matcher(text).matches();
  }

  /** The original agent's rule: a service version is accepted when it shares the major version. */
  public boolean isCompatibleWith(InterfaceVersion service) {
    return major == service.major;
  }

  @Override
  public int compareTo(InterfaceVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
