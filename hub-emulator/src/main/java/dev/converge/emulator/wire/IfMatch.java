package dev.converge.emulator.wire;

/**
 * An {@code If-Match} precondition as IoT Hub reads it: {@code *}, or the resource's etag with or without its
 * quotes.
 */
public final class IfMatch {

  /** Matches any etag. */
  public static final String ANY = "*";

  private IfMatch() {}

  public static boolean matches(String ifMatch, String etag) {
    return ifMatch.equals(ANY) || ifMatch.equals(etag) || ifMatch.equals('"' + etag + '"');
  }
}
