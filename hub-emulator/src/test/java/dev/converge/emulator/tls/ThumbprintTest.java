package dev.converge.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ThumbprintTest {

  private final X509Certificate certificate = DeviceCertificates.selfSigned("dev1", Clock.systemUTC()).certificate();

  @Test
  void is_the_upper_case_hex_digest_of_the_der_certificate() throws Exception {
    String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));

    assertThat(Thumbprint.sha1(certificate).hex()).isEqualTo(sha1.toUpperCase(Locale.ROOT)).hasSize(40);
    assertThat(Thumbprint.sha256(certificate).hex()).isEqualTo(sha256.toUpperCase(Locale.ROOT)).hasSize(64);
    assertThat(Thumbprint.sha1(certificate).isSha1()).isTrue();
  }

  @Test
  void matches_ignoring_case_and_separators() {
    Thumbprint thumbprint = Thumbprint.sha1(certificate);
    String lower = thumbprint.hex().toLowerCase(Locale.ROOT);
    String colons = String.join(":", lower.split("(?<=\\G..)"));

    assertThat(thumbprint.matches(lower)).isTrue();
    assertThat(thumbprint.matches(colons)).isTrue();
    assertThat(new Thumbprint(lower)).isEqualTo(thumbprint);
    assertThat(thumbprint.matches(certificate)).isTrue();
    assertThat(Thumbprint.sha256(certificate).matches(certificate)).isTrue();
  }

  @Test
  void does_not_match_other_certificates_or_non_thumbprints() {
    X509Certificate other = DeviceCertificates.selfSigned("dev1", Clock.systemUTC()).certificate();
    Thumbprint thumbprint = Thumbprint.sha1(certificate);

    assertThat(thumbprint.matches(other)).isFalse();
    assertThat(thumbprint.matches(Thumbprint.sha1(other).hex())).isFalse();
    assertThat(thumbprint.matches(Thumbprint.sha256(certificate).hex())).isFalse();
    assertThat(thumbprint.matches("not hex")).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> new Thumbprint("ABC"));
  }
}
