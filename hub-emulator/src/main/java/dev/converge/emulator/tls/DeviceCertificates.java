package dev.converge.emulator.tls;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Device certificates for X.509 tests and demos: a device presents one as its TLS client certificate, and the hub
 * matches it to the device by thumbprint (self-signed) or by the issuing CA and {@code CN = deviceId} (CA-signed).
 * All keys are EC P-256, valid for {@link #VALIDITY} from the clock's now.
 */
public final class DeviceCertificates {

  public static final Duration VALIDITY = Duration.ofDays(365);

  private DeviceCertificates() {}

  /** A self-signed client certificate with {@code CN = deviceId}; register its {@link Thumbprint}s with the hub. */
  public static CertifiedKey selfSigned(String deviceId, Clock clock) {
    return CertificateIssuer.endEntity(
        requireId(deviceId), null, KeyPurposeId.id_kp_clientAuth, null, clock.instant(), VALIDITY);
  }

  /** A CA that can sign device certificates ({@link #issuedBy}), e.g. one uploaded to a hub as verified. */
  public static CertifiedKey authority(String commonName, Clock clock) {
    return CertificateIssuer.authority(requireId(commonName), clock.instant(), VALIDITY.multipliedBy(10));
  }

  /** A client certificate with {@code CN = deviceId} signed by {@code authority}; the chain ends with its chain. */
  public static CertifiedKey issuedBy(CertifiedKey authority, String deviceId, Clock clock) {
    Objects.requireNonNull(authority, "authority");
    return CertificateIssuer.endEntity(
        requireId(deviceId), authority, KeyPurposeId.id_kp_clientAuth, null, clock.instant(), VALIDITY);
  }

  private static String requireId(String id) {
    if (Objects.requireNonNull(id, "id").isBlank()) {
      throw new IllegalArgumentException("a certificate's common name must not be blank");
    }
    return id;
  }
}
