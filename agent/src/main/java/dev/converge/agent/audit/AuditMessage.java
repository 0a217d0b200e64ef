package dev.converge.agent.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One audit event as a device-to-cloud message body: a JSON object with one-letter keys, so a fleet's audit traffic
 * stays small. Example:
 *
 * <pre>{@code
 * {"k":"applied","v":17,"d":"tz-eu","g":"files","p":"motd/content","b":"old\n","a":"hello\n","t":"2026-11-26T04:00:05Z"}
 * }</pre>
 *
 * <table>
 *   <caption>Keys, always in this order</caption>
 *   <tr><th>key</th><th>meaning</th><th>when</th></tr>
 *   <tr><td>{@code k}</td><td>kind: {@code applied}, {@code failed}, {@code rolledBack}, {@code drift},
 *       {@code remediated}, {@code remediationFailed} ({@link AuditEvent.Kind#wireName()})</td><td>always</td></tr>
 *   <tr><td>{@code v}</td><td>desired {@code $version} the engine was working on</td><td>always</td></tr>
 *   <tr><td>{@code d}</td><td>{@code __meta.deploymentId} of the group</td><td>when the group names one</td></tr>
 *   <tr><td>{@code g}</td><td>configuration group (top-level twin key)</td><td>always</td></tr>
 *   <tr><td>{@code p}</td><td>property as reported ({@code timeZone}, {@code motd/content}); a node path
 *       ({@code ./Device/…}) when only the node is known</td><td>always</td></tr>
 *   <tr><td>{@code b}</td><td>before: value read before the write; for drift, the actual value found</td>
 *       <td>omitted when there was no value</td></tr>
 *   <tr><td>{@code a}</td><td>after: value written (failed: the value that could not be; rolledBack: the value
 *       restored); for drift, the desired value</td><td>omitted when there is no value (a delete)</td></tr>
 *   <tr><td>{@code t}</td><td>time, ISO-8601 UTC with {@code Z}</td><td>always</td></tr>
 *   <tr><td>{@code m}</td><td>what went wrong (failed, remediationFailed), at most {@value #MAX_MESSAGE_CHARS}
 *       characters</td><td>when there is a message</td></tr>
 * </table>
 *
 * <p>Values are JSON as in the twin. Secrets (write-only properties) are their digest ({@code "sha256:…"}), as in
 * the journal. A value whose JSON exceeds {@value #MAX_VALUE_CHARS} characters is sent as its digest too, so a
 * message stays far below IoT Hub's 256 KB limit; the journal on the device keeps the whole value.
 *
 * <p>Send it with content type {@value #CONTENT_TYPE}, encoding {@value #CONTENT_ENCODING} (so IoT Hub routing
 * can query {@code $body.k}) and the application property {@value #TYPE_PROPERTY} = {@value #TYPE}, which tells
 * audit messages from other telemetry.
 *
 * @param body the JSON text
 */
public record AuditMessage(String body) {

  /** Content type to set on the device-to-cloud message. */
  public static final String CONTENT_TYPE = "application/json";
  /** Content encoding to set on the device-to-cloud message. */
  public static final String CONTENT_ENCODING = "utf-8";
  /** Application property that marks an audit message. */
  public static final String TYPE_PROPERTY = "type";
  /** Value of {@link #TYPE_PROPERTY} for audit messages. */
  public static final String TYPE = "convergeAudit";
  /** Longest value, as JSON text, sent as it is; longer ones are sent as their digest. */
  public static final int MAX_VALUE_CHARS = 1024;
  /** Longest message sent; longer ones are cut and end in "…". */
  public static final int MAX_MESSAGE_CHARS = 512;

  private static final ObjectMapper JSON = new ObjectMapper();

  public AuditMessage {
    Objects.requireNonNull(body, "body");
  }

  /** Renders an event. */
  public static AuditMessage of(AuditEvent event) {
    ObjectNode o = JSON.createObjectNode();
    o.put("k", event.kind().wireName());
    o.put("v", event.desiredVersion());
    if (event.deploymentId() != null) {
      o.put("d", event.deploymentId());
    }
    o.put("g", event.group());
    o.put("p", event.property());
    putValue(o, "b", event.before());
    putValue(o, "a", event.after());
    o.put("t", event.time().toString());
    String message = event.message();
    if (message != null) {
      o.put("m", message.length() <= MAX_MESSAGE_CHARS ? message
          : message.substring(0, MAX_MESSAGE_CHARS - 1) + "…");
    }
    try {
      return new AuditMessage(JSON.writeValueAsString(o));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render an audit event", e);
    }
  }

  /** The body as UTF-8 bytes, as sent. */
  public byte[] bytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static void putValue(ObjectNode o, String key, NodeValue value) {
    if (value.isAbsent()) {
      return;
    }
    String text = value.toJsonText();
    o.set(key, text.length() <= MAX_VALUE_CHARS ? value.toJson() : JSON.getNodeFactory().textNode(value.digest()));
  }
}
