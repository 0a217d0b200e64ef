package dev.converge.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCertificatesTest {

  private static final Clock CLOCK = Clock.systemUTC();

  private static String commonName(X509Certificate certificate) throws Exception {
    for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
      if (rdn.getType().equalsIgnoreCase("CN")) {
        return rdn.getValue().toString();
      }
    }
    throw new AssertionError("no CN");
  }

  @Test
  void issues_a_self_signed_client_certificate_named_for_the_device() throws Exception {
    CertifiedKey device = DeviceCertificates.selfSigned("dev,1=+x", CLOCK);

    X509Certificate certificate = device.certificate();
    certificate.verify(certificate.getPublicKey());
    assertThat(commonName(certificate)).isEqualTo("dev,1=+x");
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(device.chain()).containsExactly(certificate);
  }

  @Test
  void issues_a_ca_signed_client_certificate_with_its_chain() throws Exception {
    CertifiedKey authority = DeviceCertificates.authority("Fleet CA", CLOCK);
    CertifiedKey device = DeviceCertificates.issuedBy(authority, "dev2", CLOCK);

    device.certificate().verify(authority.certificate().getPublicKey());
    assertThat(commonName(device.certificate())).isEqualTo("dev2");
    assertThat(device.chain()).containsExactly(device.certificate(), authority.certificate());
    assertThat(authority.certificate().getBasicConstraints()).isEqualTo(0);
  }

  @Test
  void round_trips_through_pem_and_reads_openssl_style_ec_keys(@TempDir Path folder) throws Exception {
    CertifiedKey device = DeviceCertificates.selfSigned("dev1", CLOCK);
    Path both = folder.resolve("device.pem");
    Files.writeString(both, device.toPem());
    // OpenSSL's "traditional" SEC1 form, curve included, as `openssl ecparam -genkey` writes it.
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(device.privateKey().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
    ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), pkcs8.getPrivateKeyAlgorithm().getParameters());
    Path key = folder.resolve("device.key");
    Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(sec1.getEncoded()) + "\n-----END EC PRIVATE KEY-----\n");

    assertThat(CertifiedKey.readPem(both, both)).isEqualTo(device);
    BigInteger loaded = ((java.security.interfaces.ECPrivateKey) CertifiedKey.readPem(both, key).privateKey()).getS();
    assertThat(loaded).isEqualTo(((java.security.interfaces.ECPrivateKey) device.privateKey()).getS());
  }

  @Test
  void never_shows_the_private_key_in_its_description() {
    CertifiedKey device = DeviceCertificates.selfSigned("dev1", CLOCK);

    assertThat(device.toString()).contains("CN=dev1", "key=<redacted>").doesNotContain("PRIVATE");
  }
}
