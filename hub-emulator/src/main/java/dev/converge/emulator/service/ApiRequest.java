package dev.converge.emulator.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One service request, read off the wire.
 *
 * @param method the HTTP method, after {@code X-HTTP-Method-Override}: the Java service SDK sends PATCH as POST with
 *     that header, since {@code HttpURLConnection} has no PATCH
 * @param path the path's segments, percent-decoded, e.g. {@code [twins, dev1, modules, m1]}
 * @param query the query parameters, decoded; the first of repeated ones
 * @param headers header values by lower-case name; the first of repeated ones
 * @param body the body as UTF-8 text, empty if none
 */
record ApiRequest(
    String method, List<String> path, Map<String, String> query, Map<String, String> headers, String body) {

  /** Large enough for any IoT Hub request (twin documents are at most 32 KB a section, method payloads 128 KB). */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  ApiRequest {
    Objects.requireNonNull(method, "method");
    path = List.copyOf(path);
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** Reads the request line, headers and body of {@code exchange}. */
  static ApiRequest from(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!values.isEmpty()) {
        headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
      }
    });
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String override = headers.get("x-http-method-override");
    if (method.equals("POST") && override != null && !override.isBlank()) {
      method = override.strip().toUpperCase(Locale.ROOT);
    }
    List<String> path = new ArrayList<>();
    for (String segment : Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "").split("/")) {
      if (!segment.isEmpty()) {
        path.add(decode(segment, "path segment"));
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        String name = decode(equals < 0 ? pair : pair.substring(0, equals), "query parameter");
        query.putIfAbsent(name, equals < 0 ? "" : decode(pair.substring(equals + 1), "query parameter " + name));
      }
    }
    return new ApiRequest(method, path, query, headers, readBody(exchange.getRequestBody()));
  }

  /** A header's value, by case-insensitive name. */
  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The {@code If-Match} header, if sent and not blank. */
  Optional<String> ifMatch() {
    return header("If-Match").map(String::strip).filter(v -> !v.isEmpty());
  }

  /** The path as sent, for messages. */
  String pathText() {
    return "/" + String.join("/", path);
  }

  /**
   * The body as a JSON object.
   *
   * @param what what the body should be, for the message
   * @throws RejectedRequest 400 when the body is empty, not JSON or not an object
   */
  ObjectNode jsonObject(String what) {
    JsonNode json = json(what);
    if (!json.isObject()) {
      throw new RejectedRequest(ApiError.badFormat(what + " must be a JSON object, not " + json.getNodeType()));
    }
    return (ObjectNode) json;
  }

  private JsonNode json(String what) {
    if (body.isBlank()) {
      throw new RejectedRequest(ApiError.badFormat("the request has no body; expected " + what));
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RejectedRequest(ApiError.badFormat(what + " is not valid JSON: " + e.getOriginalMessage()));
    }
  }

  private static String decode(String text, String what) {
    try {
      // Only %XX escapes: a '+' in a path or value is a plus, as in URIs (RFC 3986), not a space.
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RejectedRequest(ApiError.invalid(what + " '" + text + "' has a broken %-escape"));
    }
  }

  private static String readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new RejectedRequest(new ApiError(413, 413, "the request body exceeds " + MAX_BODY_BYTES + " bytes"));
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    // Headers hold the SAS token: never printed.
    return "ApiRequest[" + method + " " + pathText() + "]";
  }
}
