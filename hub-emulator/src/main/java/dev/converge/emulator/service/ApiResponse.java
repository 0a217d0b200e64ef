package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to answer: status, extra headers and an optional JSON body ({@code Content-Type: application/json;
 * charset=utf-8}).
 *
 * @param status HTTP status
 * @param headers headers besides the content type, e.g. {@code ETag}, {@code x-ms-continuation}
 * @param body the JSON body, or {@code null} for none (204)
 */
record ApiResponse(int status, Map<String, String> headers, @Nullable JsonNode body) {

  ApiResponse {
    headers = Map.copyOf(headers);
  }

  /** 200 with {@code body}. */
  static ApiResponse ok(JsonNode body) {
    return new ApiResponse(200, Map.of(), Objects.requireNonNull(body, "body"));
  }

  /** 200 with {@code body} and its {@code ETag} header (quoted, RFC 7232). */
  static ApiResponse ok(JsonNode body, String etag) {
    return new ApiResponse(200, Map.of("ETag", '"' + etag + '"'), Objects.requireNonNull(body, "body"));
  }

  /** 204: done, nothing to say (deletes). */
  static ApiResponse noContent() {
    return new ApiResponse(204, Map.of(), null);
  }

  /** The error in IoT Hub's shape, with its {@code iothub-errorcode} header. */
  static ApiResponse error(ApiError error, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    error.codeName().ifPresent(name -> headers.put("iothub-errorcode", name));
    return new ApiResponse(error.status(), headers, error.body(now));
  }

  /** The same response with one more header. */
  ApiResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiResponse(status, more, body);
  }
}
