package dev.converge.emulator.dps;

import dev.converge.emulator.auth.AccessKeys;
import dev.converge.emulator.auth.Keyring;
import dev.converge.emulator.auth.ResourceUri;
import dev.converge.emulator.auth.SasVerdict;
import dev.converge.emulator.auth.SasVerifier;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.tls.Thumbprint;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides which enrollment, if any, a registering device belongs to, as DPS does for symmetric keys and X.509.
 *
 * <p>SAS: the token must cover {@code {idScope}/registrations/{registrationId}} and be signed with a key of the
 * individual enrollment of that id or, when there is none, with the key a group derives for that id. Groups are tried
 * in id order and the first whose derived key verifies wins: DPS cannot tell a group from the registration id alone.
 * X.509: the TLS client certificate must be one enrolled for that registration id. Disabled enrollments still admit
 * the device; the registration then ends in status {@code disabled}, as in DPS.
 */
final class Attester {

  private final String idScope;
  private final Enrollments enrollments;
  private final SasVerifier verifier;

  Attester(String idScope, Enrollments enrollments, SasVerifier verifier) {
    this.idScope = idScope;
    this.enrollments = enrollments;
    this.verifier = verifier;
  }

  /**
   * Attests with a SAS token if one is given, else with the client certificate.
   *
   * @param sasToken the token text (MQTT password or {@code Authorization} header), or null/empty
   * @param certificate the TLS client certificate's leaf, or null
   */
  Attested attest(String registrationId, @Nullable String sasToken, @Nullable X509Certificate certificate) {
    Optional<String> badId = RegistrationIdRules.problem(registrationId);
    if (badId.isPresent()) {
      return new Attested.Refused(badId.get());
    }
    if (sasToken != null && !sasToken.isBlank()) {
      return bySas(registrationId, sasToken);
    }
    if (certificate != null) {
      return byCertificate(registrationId, certificate);
    }
    return new Attested.Refused(registrationId + " sent neither a SAS token nor a client certificate");
  }

  private Attested bySas(String registrationId, String token) {
    ResourceUri resource = ResourceUri.registration(idScope, registrationId);
    Optional<IndividualEnrollment> individual = enrollments.individual(registrationId);
    if (individual.isPresent()) {
      if (!(individual.get().attestation() instanceof Attestation.SymmetricKey symmetric)) {
        return new Attested.Refused(registrationId + " is enrolled for X.509, but sent a SAS token");
      }
      SasVerdict verdict = verifier.verify(token, resource, Keyring.ofRegistration(symmetric.keys()));
      return verdict.isAccepted()
          ? new Attested.Enrolled(EnrollmentMatch.of(individual.get(), credentials(symmetric.keys())))
          : new Attested.Refused(registrationId + ": " + verdict.message());
    }
    String lastProblem = "no individual enrollment and no enrollment group";
    for (EnrollmentGroup group : enrollments.groups()) {
      SasVerdict verdict =
          verifier.verify(token, resource, Keyring.ofRegistration(group.deviceKeys(registrationId)));
      if (verdict.isAccepted()) {
        return new Attested.Enrolled(EnrollmentMatch.of(group, registrationId));
      }
      lastProblem = "no individual enrollment, and no group's derived key verifies the token (last: "
          + verdict.message() + ")";
    }
    return new Attested.Refused(registrationId + ": " + lastProblem);
  }

  private Attested byCertificate(String registrationId, X509Certificate certificate) {
    Optional<IndividualEnrollment> individual = enrollments.individual(registrationId);
    if (individual.isEmpty()) {
      return new Attested.Refused(registrationId + " has no individual enrollment (X.509 groups are not emulated)");
    }
    if (!(individual.get().attestation() instanceof Attestation.X509 x509)) {
      return new Attested.Refused(registrationId + " is enrolled with symmetric keys, but sent a certificate");
    }
    if (!x509.accepts(certificate)) {
      return new Attested.Refused(registrationId + ": client certificate " + Thumbprint.sha1(certificate)
          + " is not the enrolled one");
    }
    return new Attested.Enrolled(EnrollmentMatch.of(individual.get(), x509.deviceCredentials()));
  }

  private static Credentials credentials(AccessKeys keys) {
    return new Credentials.SymmetricKey(keys.primary(), keys.secondary());
  }
}
