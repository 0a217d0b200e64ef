package dev.converge.tpm;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The identity a slot holds, stored in its NV index as {@code <hub-host>/<deviceId>} or {@code
 * <hub-host>/<deviceId>/<moduleId>} (original-agent.md §5.3), UTF-8 with nothing after it.
 *
 * <p>Validation follows what IoT Hub and the Java device SDK accept, so an identity that passes here can connect:
 *
 * <ul>
 *   <li>{@code hubHost}: a DNS name (letters, digits and inner hyphens per label, labels of at most 63 and a total of
 *       at most 253 characters) containing at least one dot, because the SDK takes the part before the first dot as
 *       the hub name and rejects a host without one ({@code IotHubConnectionString.parseHubName}).
 *   <li>{@code deviceId}, {@code moduleId}: 1 to 128 ASCII letters, digits and {@code - . % _ * ? ! ( ) , : = @ $ '}
 *       (MicrosoftDocs/azure-docs {@code iot-hub-devguide-identity-registry.md}; the hub also allows {@code +} and
 *       {@code #}, but "the device SDKs do not support" them). None of these contains {@code /}, so the URI splits
 *       unambiguously.
 * </ul>
 *
 * <p>Case is kept as given: the original agent neither lower-cases nor encodes the parts.
 *
 * @param hubHost the IoT Hub host name, e.g. {@code myhub.azure-devices.net}
 * @param deviceId the device id
 * @param moduleId the module id, for a module identity
 */
public record SlotUri(String hubHost, String deviceId, Optional<String> moduleId) {

  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}");

  public SlotUri {
    Objects.requireNonNull(hubHost, "hubHost");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(moduleId, "moduleId");
    String problem = problem(hubHost, deviceId, moduleId.orElse(null));
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** A device identity. */
  public static SlotUri device(String hubHost, String deviceId) {
    return new SlotUri(hubHost, deviceId, Optional.empty());
  }

  /** A module identity of {@code deviceId}. */
  public static SlotUri module(String hubHost, String deviceId, String moduleId) {
    return new SlotUri(hubHost, deviceId, Optional.of(moduleId));
  }

  /** The result of {@link #parse}: the identity, or why the text is not one. */
  public sealed interface Parsed {
    /** The text is a valid slot URI. */
    record Valid(SlotUri uri) implements Parsed {}

    /** The text is not a slot URI; {@code reason} says why in a sentence. */
    record Invalid(String reason) implements Parsed {}
  }

  /**
   * Parses slot text. Never throws for bad text: a slot may hold anything, so a bad URI is an expected answer.
   * Empty text is {@link Parsed.Invalid}: Limpet treats a slot as provisioned only if its URI is non-empty.
   */
  public static Parsed parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return new Parsed.Invalid("the slot URI is empty");
    }
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      return new Parsed.Invalid(
          "a slot URI is <hub-host>/<deviceId>[/<moduleId>], but '" + text + "' has " + parts.length + " part(s)");
    }
    String moduleId = parts.length == 3 ? parts[2] : null;
    String problem = problem(parts[0], parts[1], moduleId);
    if (problem != null) {
      return new Parsed.Invalid(problem);
    }
    return new Parsed.Valid(new SlotUri(parts[0], parts[1], Optional.ofNullable(moduleId)));
  }

  /**
   * Parses the raw content of a slot's NV index. Bytes that are not UTF-8 are {@link Parsed.Invalid}. Trailing zero
   * bytes are dropped first: Limpet sizes the index to the URI exactly, but an index defined larger (as in tpm.md's
   * experiment, 256 bytes) reads back zero-padded, and a zero byte is never part of a valid URI.
   */
  public static Parsed fromNvContent(byte[] content) {
    Objects.requireNonNull(content, "content");
    int end = content.length;
    while (end > 0 && content[end - 1] == 0) {
      end--;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content, 0, end))
          .toString();
      return parse(text);
    } catch (CharacterCodingException e) {
      return new Parsed.Invalid("the slot URI is not UTF-8");
    }
  }

  /** The text stored in the slot: {@code hubHost/deviceId[/moduleId]}. */
  public String format() {
    return hubHost + "/" + deviceId + moduleId.map(m -> "/" + m).orElse("");
  }

  /** {@link #format()} as the UTF-8 bytes to write into the NV index (its exact size, as Limpet defines it). */
  public byte[] toNvContent() {
    return format().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The SAS resource URI of this identity, not yet URL-encoded: {@code hubHost/devices/deviceId} or {@code
   * hubHost/devices/deviceId/modules/moduleId} (original-agent.md §5.4).
   */
  public String resourceUri() {
    return hubHost + "/devices/" + deviceId + moduleId.map(m -> "/modules/" + m).orElse("");
  }

  private static @Nullable String problem(String hubHost, String deviceId, @Nullable String moduleId) {
    String hostProblem = hostProblem(hubHost);
    if (hostProblem != null) {
      return hostProblem;
    }
    if (!ID.matcher(deviceId).matches()) {
      return idProblem("device id", deviceId);
    }
    if (moduleId != null && !ID.matcher(moduleId).matches()) {
      return idProblem("module id", moduleId);
    }
    return null;
  }

  /** Why {@code host} is not a usable IoT Hub host name, or {@code null} if it is. */
  static @Nullable String hostProblem(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return "hub host must be 1 to 253 characters, not " + host.length();
    }
    if (!host.contains(".")) {
      return "hub host '" + host + "' has no dot; IoT Hub host names look like <hub>.azure-devices.net";
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return "hub host '" + host + "' is not a DNS name (bad label '" + label + "')";
      }
    }
    return null;
  }

  private static String idProblem(String what, String id) {
    return what + " '" + id + "' must be 1 to 128 characters of A-Z a-z 0-9 - . % _ * ? ! ( ) , : = @ $ '";
  }
}
