package dev.converge.emulator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.hub.Sessions;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.rollout.TwinView;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Device and module identities in IoT Hub's registry JSON (the service SDK's {@code RegistryIdentityParser}), and
 * the parts of a request body the hub takes from a client: status and authentication.
 *
 * <p>Rules read from the request, each failure a 400 naming the field: {@code status} is {@code enabled} or {@code
 * disabled}; {@code authentication.type} is {@code sas} (keys: Base64 of 16 to 64 bytes, both or neither) or {@code
 * selfSigned} (thumbprints: 40 or 64 hex digits, the primary required). {@code certificateAuthority} is refused: the
 * emulator has no CA registry to check chains against.
 */
final class IdentityJson {

  static final int MIN_KEY_BYTES = 16;
  static final int MAX_KEY_BYTES = 64;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64}");

  private IdentityJson() {}

  /** The identity as IoT Hub's registry returns it, keys included (the caller holds an owner token). */
  static ObjectNode of(Identity identity, Sessions.Presence presence) {
    boolean module = identity.id().moduleId() != null;
    ObjectNode json = NODES.objectNode().put("deviceId", identity.id().deviceId());
    if (module) {
      json.put("moduleId", identity.id().moduleId()).put("managedBy", identity.managedBy());
    }
    json.put("generationId", identity.generationId())
        .put("etag", identity.etag())
        .put("connectionState", presence.connected() ? "Connected" : "Disconnected");
    if (!module) {
      json.put("status", identity.enabled() ? "enabled" : "disabled")
          .putNull("statusReason")
          .put("statusUpdatedTime", TwinView.NEVER);
    }
    json.put("connectionStateUpdatedTime", TwinView.time(presence.since()))
        .put("lastActivityTime", TwinView.NEVER)
        .put("cloudToDeviceMessageCount", 0);
    ObjectNode authentication = json.putObject("authentication");
    ObjectNode keys = authentication.putObject("symmetricKey");
    ObjectNode thumbprints = authentication.putObject("x509Thumbprint");
    if (identity.credentials() instanceof Credentials.SymmetricKey sas) {
      keys.put("primaryKey", sas.primaryKey()).put("secondaryKey", sas.secondaryKey());
      thumbprints.putNull("primaryThumbprint").putNull("secondaryThumbprint");
    } else if (identity.credentials() instanceof Credentials.X509Thumbprint x509) {
      keys.putNull("primaryKey").putNull("secondaryKey");
      putOrNull(thumbprints, "primaryThumbprint", x509.primaryThumbprint());
      putOrNull(thumbprints, "secondaryThumbprint", x509.secondaryThumbprint());
    }
    authentication.put("type", identity.credentials().type());
    if (!module) {
      json.putObject("capabilities").put("iotEdge", false);
    }
    return json;
  }

  /** {@code status}: absent means enabled, as for a new identity. */
  static boolean enabled(ObjectNode body) {
    JsonNode status = body.get("status");
    if (status == null || status.isNull()) {
      return true;
    }
    String text = status.asText().toLowerCase(Locale.ROOT);
    if (!status.isTextual() || !(text.equals("enabled") || text.equals("disabled"))) {
      throw new RejectedRequest(ApiError.invalid("status " + status + " is neither \"enabled\" nor \"disabled\""));
    }
    return text.equals("enabled");
  }

  /**
   * The credentials the request asks for; empty means symmetric keys the hub chooses (new ones for a new identity,
   * the current ones on update).
   */
  static Optional<Credentials> credentials(ObjectNode body) {
    JsonNode authentication = body.get("authentication");
    if (authentication == null || authentication.isNull()) {
      return Optional.empty();
    }
    String type = authentication.path("type").asText("sas");
    switch (type) {
      case "sas": {
        JsonNode keys = authentication.path("symmetricKey");
        String primary = text(keys, "primaryKey");
        String secondary = text(keys, "secondaryKey");
        if (primary == null && secondary == null) {
          return Optional.empty();
        }
        return Optional.of(new Credentials.SymmetricKey(
            key(primary, "primaryKey"), key(secondary, "secondaryKey")));
      }
      case "selfSigned": {
        JsonNode prints = authentication.path("x509Thumbprint");
        String primary = text(prints, "primaryThumbprint");
        if (primary == null) {
          throw new RejectedRequest(ApiError.invalid(
              "authentication.x509Thumbprint.primaryThumbprint is required for authentication type selfSigned"));
        }
        String secondary = text(prints, "secondaryThumbprint");
        return Optional.of(new Credentials.X509Thumbprint(
            thumbprint(primary, "primaryThumbprint"), secondary == null ? "" : thumbprint(secondary,
            "secondaryThumbprint")));
      }
      case "certificateAuthority":
        throw new RejectedRequest(ApiError.invalid("authentication type certificateAuthority is not supported by"
            + " the emulator; use sas or selfSigned"));
      default:
        throw new RejectedRequest(ApiError.invalid("authentication.type '" + type
            + "' is not one of sas, selfSigned, certificateAuthority"));
    }
  }

  private static String key(@Nullable String value, String field) {
    String at = "authentication.symmetricKey." + field;
    if (value == null) {
      throw new RejectedRequest(ApiError.invalid(at + " is required when the other key is given"));
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new RejectedRequest(ApiError.invalid(at + " is not Base64"));
    }
    if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
      throw new RejectedRequest(ApiError.invalid(at + " is " + bytes.length + " bytes; a key is " + MIN_KEY_BYTES
          + " to " + MAX_KEY_BYTES + " bytes, Base64-encoded"));
    }
    return value;
  }

  private static String thumbprint(String value, String field) {
    if (!THUMBPRINT.matcher(value).matches()) {
      throw new RejectedRequest(ApiError.invalid("authentication.x509Thumbprint." + field + " '" + value
          + "' is not a SHA-1 (40) or SHA-256 (64) hex thumbprint"));
    }
    return value;
  }

  private static @Nullable String text(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }

  private static void putOrNull(ObjectNode node, String field, String value) {
    if (value.isEmpty()) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
