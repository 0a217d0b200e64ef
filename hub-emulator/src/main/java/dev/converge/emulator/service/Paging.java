package dev.converge.emulator.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Page sizes and continuation tokens.
 *
 * <p>A continuation token is opaque to clients (they echo {@code x-ms-continuation} back); here it is Base64 of the
 * next row's offset and a fingerprint of the query, so a token presented with another query is refused rather than
 * silently skipping rows. Each page runs the query again, so rows added or removed between pages may shift the
 * result, as with any stateless paging.
 */
final class Paging {

  private Paging() {}

  /**
   * A count from a query parameter or header: {@code max} when absent, a larger value lowered to {@code max}.
   *
   * @throws RejectedRequest 400 when it is not a positive integer
   */
  static int positive(@Nullable String value, String name, int max) {
    if (value == null || value.isBlank()) {
      return max;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new RejectedRequest(ApiError.invalid(name + " '" + value + "' is not an integer"));
    }
    if (parsed < 1) {
      throw new RejectedRequest(ApiError.invalid(name + " " + parsed + " must be at least 1"));
    }
    return Math.min(parsed, max);
  }

  /** The token that continues {@code query} at row {@code offset}. */
  static String token(String query, int offset) {
    String text = offset + ":" + Integer.toHexString(query.hashCode());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The row offset a token continues at; 0 without a token.
   *
   * @throws RejectedRequest 400 for a token this hub did not issue for {@code query}
   */
  static int offset(@Nullable String token, String query) {
    if (token == null || token.isBlank()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
      List<String> parts = List.of(text.split(":", -1));
      if (parts.size() == 2 && parts.get(1).equals(Integer.toHexString(query.hashCode()))) {
        int offset = Integer.parseInt(parts.get(0));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // NumberFormatException included: falls through to the refusal below.
    }
    throw new RejectedRequest(ApiError.invalid("x-ms-continuation '" + token + "' is not a continuation token of"
        + " this query; send the x-ms-continuation value the previous page returned, with the same query"));
  }
}
