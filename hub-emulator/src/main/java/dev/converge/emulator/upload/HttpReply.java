package dev.converge.emulator.upload;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One HTTP response: status, body and extra headers. Errors come in the two dialects a device meets here: IoT Hub's
 * JSON ({@code {"Message":"ErrorCode:..;..","ExceptionMessage":"Tracking ID:.."}}) and Azure Storage's XML.
 *
 * @param body the body text; empty for none
 */
record HttpReply(int status, String contentType, String body, Map<String, String> headers) {

  HttpReply {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  static HttpReply json(int status, String json) {
    return new HttpReply(status, "application/json; charset=utf-8", json, Map.of());
  }

  static HttpReply empty(int status) {
    return new HttpReply(status, "", "", Map.of());
  }

  /** IoT Hub's REST error, e.g. {@code hubError(401, "IotHubUnauthorizedAccess", "Unauthorized", now)}. */
  static HttpReply hubError(int status, String errorCode, String message, Instant now) {
    return json(status, JsonNodeFactory.instance.objectNode()
        .put("Message", "ErrorCode:" + errorCode + ";" + message)
        .put("ExceptionMessage", "Tracking ID:" + UUID.randomUUID().toString().replace("-", "") + "-TimeStamp:"
            + now)
        .toString());
  }

  /** Azure Storage's error document, e.g. {@code storageError(403, "AuthenticationFailed", "..")}. */
  static HttpReply storageError(int status, String code, String message) {
    String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code + "</Code><Message>"
        + escape(message) + "\nRequestId:" + UUID.randomUUID() + "</Message></Error>";
    return new HttpReply(status, "application/xml", xml, Map.of("x-ms-error-code", code));
  }

  HttpReply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new HttpReply(status, contentType, body, more);
  }

  void send(HttpExchange exchange) throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
