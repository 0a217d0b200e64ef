package dev.converge.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCertificateAuthorityTest {

  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final ServerNames NAMES = ServerNames.of("localhost", "127.0.0.5", "localhub.azure-devices.net");

  @TempDir Path folder;

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  void creates_an_ec_ca_and_a_server_certificate_covering_every_name() throws Exception {
    HubCertificateAuthority hub = HubCertificateAuthority.open(folder, NAMES, at(NOW));

    X509Certificate ca = hub.caCertificate();
    X509Certificate server = hub.serverKey().certificate();
    assertThat(ca.getBasicConstraints()).isEqualTo(0);
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(((ECPublicKey) ca.getPublicKey()).getParams().toString()).contains("secp256r1");
    assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
        .isGreaterThanOrEqualTo(Duration.ofDays(3650));
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()))
        .isBetween(Duration.ofDays(365), Duration.ofDays(366));
    server.verify(ca.getPublicKey());
    assertThat(ServerNames.from(server)).isEqualTo(NAMES);
    assertThat(hub.serverKey().chain()).containsExactly(server, ca);
    assertThat(Pem.readCertificates(hub.caFile())).containsExactly(ca);
  }

  @Test
  void keeps_private_keys_owner_only_and_the_ca_file_public() throws Exception {
    HubCertificateAuthority.open(folder, NAMES, at(NOW));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("hub-ca-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("hub-server-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("hub-ca.pem"))))
        .isEqualTo("rw-r--r--");
    assertThat(Files.readString(folder.resolve("hub-ca.pem"))).doesNotContain("PRIVATE KEY");
    assertThat(fileNames()).containsExactlyInAnyOrder(".lock", "hub-ca.pem", "hub-ca-key.pem", "hub-server-key.pem");
  }

  @Test
  void creates_a_missing_folder_owner_only() throws Exception {
    Path nested = folder.resolve("a/hub");

    HubCertificateAuthority.open(nested, NAMES, at(NOW));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
  }

  @Test
  void reuses_the_ca_and_server_certificate_on_a_later_start() throws Exception {
    HubCertificateAuthority first = HubCertificateAuthority.open(folder, NAMES, at(NOW));
    String caPem = Files.readString(first.caFile());

    HubCertificateAuthority second = HubCertificateAuthority.open(folder, NAMES, at(NOW.plus(Duration.ofDays(100))));

    assertThat(Thumbprint.sha256(second.caCertificate())).isEqualTo(Thumbprint.sha256(first.caCertificate()));
    assertThat(second.serverKey().certificate()).isEqualTo(first.serverKey().certificate());
    assertThat(second.serverKey().privateKey()).isEqualTo(first.serverKey().privateKey());
    assertThat(Files.readString(second.caFile())).isEqualTo(caPem);
  }

  @Test
  void reissues_the_server_certificate_for_a_new_name_keeping_the_old_ones() throws Exception {
    HubCertificateAuthority first = HubCertificateAuthority.open(folder, NAMES, at(NOW));

    HubCertificateAuthority second = HubCertificateAuthority.open(
        folder, ServerNames.of("localhost", "127.0.0.6", "global.azure-devices-provisioning.net"), at(NOW));

    assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(second.serverKey().certificate().getSerialNumber())
        .isNotEqualTo(first.serverKey().certificate().getSerialNumber());
    assertThat(second.serverNames()).isEqualTo(ServerNames.of("localhost", "127.0.0.5", "127.0.0.6",
        "localhub.azure-devices.net", "global.azure-devices-provisioning.net"));
    assertThat(HubCertificateAuthority.open(folder, ServerNames.of("127.0.0.5"), at(NOW)).serverKey())
        .isEqualTo(second.serverKey());
  }

  @Test
  void reissues_the_server_certificate_near_its_expiry_under_the_same_ca() throws Exception {
    HubCertificateAuthority first = HubCertificateAuthority.open(folder, NAMES, at(NOW));

    HubCertificateAuthority late = HubCertificateAuthority.open(folder, NAMES, at(NOW.plus(Duration.ofDays(340))));

    assertThat(late.caCertificate()).isEqualTo(first.caCertificate());
    assertThat(late.serverKey().certificate()).isNotEqualTo(first.serverKey().certificate());
    assertThat(late.serverKey().certificate().getNotAfter().toInstant())
        .isAfter(NOW.plus(Duration.ofDays(340 + 364)));
  }

  @Test
  void replaces_a_ca_that_would_expire_within_a_server_certificates_lifetime() throws Exception {
    HubCertificateAuthority first = HubCertificateAuthority.open(folder, NAMES, at(NOW));

    HubCertificateAuthority late = HubCertificateAuthority.open(folder, NAMES, at(NOW.plus(Duration.ofDays(3400))));

    assertThat(late.caCertificate()).isNotEqualTo(first.caCertificate());
    late.serverKey().certificate().verify(late.caCertificate().getPublicKey());
    assertThat(Pem.readCertificates(late.caFile())).containsExactly(late.caCertificate());
  }

  @Test
  void restores_a_deleted_ca_file_from_the_kept_ca() throws Exception {
    HubCertificateAuthority first = HubCertificateAuthority.open(folder, NAMES, at(NOW));
    Files.delete(first.caFile());

    HubCertificateAuthority second = HubCertificateAuthority.open(folder, NAMES, at(NOW));

    assertThat(Pem.readCertificates(second.caFile())).containsExactly(first.caCertificate());
  }

  @Test
  void replaces_an_unreadable_server_file_and_one_issued_by_another_ca() throws Exception {
    HubCertificateAuthority first = HubCertificateAuthority.open(folder, NAMES, at(NOW));
    Files.writeString(folder.resolve("hub-server-key.pem"), "garbage");

    HubCertificateAuthority repaired = HubCertificateAuthority.open(folder, NAMES, at(NOW));

    assertThat(repaired.caCertificate()).isEqualTo(first.caCertificate());
    repaired.serverKey().certificate().verify(first.caCertificate().getPublicKey());

    CertifiedKey foreign = CertificateIssuer.endEntity("localhost", DeviceCertificates.authority("other", at(NOW)),
        KeyPurposeId.id_kp_serverAuth, NAMES, NOW, Duration.ofDays(365));
    Files.writeString(folder.resolve("hub-server-key.pem"), foreign.toPem());

    assertThat(HubCertificateAuthority.open(folder, NAMES, at(NOW)).serverKey().certificate())
        .isNotEqualTo(foreign.certificate());
  }

  @Test
  void replaces_a_server_file_whose_key_does_not_match_its_certificate() throws Exception {
    HubCertificateAuthority first = HubCertificateAuthority.open(folder, NAMES, at(NOW));
    CertifiedKey other = DeviceCertificates.selfSigned("x", at(NOW));
    Files.writeString(folder.resolve("hub-server-key.pem"),
        Pem.privateKey(other.privateKey()) + Pem.certificates(first.serverKey().chain()));

    HubCertificateAuthority second = HubCertificateAuthority.open(folder, NAMES, at(NOW));

    assertThat(second.serverKey().certificate()).isNotEqualTo(first.serverKey().certificate());
  }

  @Test
  void refuses_to_issue_a_certificate_without_names() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> HubCertificateAuthority.open(folder, ServerNames.of(List.of()), at(NOW)));
  }

  private List<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
