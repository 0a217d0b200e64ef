package dev.converge.emulator.dps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.tls.Thumbprint;

/**
 * Enrollments as saved in the hub state, in the names of DPS's service API ({@code registrationId}, {@code
 * enrollmentGroupId}, {@code attestation.type}, {@code initialTwin}, {@code provisioningStatus}); X.509 attestation
 * keeps only thumbprints. The state file is owner-only, since it holds keys.
 */
final class EnrollmentJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EnrollmentJson() {}

  static ObjectNode individual(IndividualEnrollment e) {
    ObjectNode node = NODES.objectNode().put("registrationId", e.registrationId());
    node.set("attestation", attestation(e.attestation()));
    if (e.deviceId() != null) {
      node.put("deviceId", e.deviceId());
    }
    node.set("initialTwin", e.initialTwin().toJson());
    return node.put("provisioningStatus", status(e.enabled()));
  }

  static IndividualEnrollment individual(JsonNode node) {
    return new IndividualEnrollment(
        text(node, "registrationId"),
        attestation(node.path("attestation")),
        node.hasNonNull("deviceId") ? text(node, "deviceId") : null,
        InitialTwin.fromJson(node.path("initialTwin")),
        isEnabled(node));
  }

  static ObjectNode group(EnrollmentGroup g) {
    ObjectNode node = NODES.objectNode().put("enrollmentGroupId", g.groupId());
    node.set("attestation", attestation(Attestation.symmetricKey(g.keys())));
    node.set("initialTwin", g.initialTwin().toJson());
    return node.put("provisioningStatus", status(g.enabled()));
  }

  static EnrollmentGroup group(JsonNode node) {
    if (!(attestation(node.path("attestation")) instanceof Attestation.SymmetricKey symmetric)) {
      throw new IllegalArgumentException("enrollment group " + node.path("enrollmentGroupId")
          + " does not use symmetric keys, the only group attestation emulated");
    }
    return new EnrollmentGroup(
        text(node, "enrollmentGroupId"), symmetric.keys(), InitialTwin.fromJson(node.path("initialTwin")),
        isEnabled(node));
  }

  private static ObjectNode attestation(Attestation attestation) {
    ObjectNode node = NODES.objectNode().put("type", attestation.type());
    if (attestation instanceof Attestation.SymmetricKey symmetric) {
      node.putObject("symmetricKey")
          .put("primaryKey", symmetric.keys().primary())
          .put("secondaryKey", symmetric.keys().secondary());
    } else {
      Attestation.X509 x509 = (Attestation.X509) attestation;
      ObjectNode prints = node.putObject("x509").put("primaryThumbprint", x509.primary().hex());
      if (x509.secondary() != null) {
        prints.put("secondaryThumbprint", x509.secondary().hex());
      }
    }
    return node;
  }

  private static Attestation attestation(JsonNode node) {
    String type = node.path("type").asText();
    if (type.equals("symmetricKey")) {
      JsonNode keys = node.path("symmetricKey");
      return Attestation.symmetricKey(new AccessKeys(text(keys, "primaryKey"), text(keys, "secondaryKey")));
    }
    if (type.equals("x509")) {
      JsonNode prints = node.path("x509");
      return new Attestation.X509(
          new Thumbprint(text(prints, "primaryThumbprint")),
          prints.hasNonNull("secondaryThumbprint") ? new Thumbprint(text(prints, "secondaryThumbprint")) : null);
    }
    throw new IllegalArgumentException("unknown attestation type '" + type + "'");
  }

  private static String status(boolean enabled) {
    return enabled ? "enabled" : "disabled";
  }

  private static boolean isEnabled(JsonNode node) {
    return !"disabled".equals(node.path("provisioningStatus").asText("enabled"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not a string in " + node);
    }
    return value.asText();
  }
}
