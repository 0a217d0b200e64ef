package dev.converge.emulator.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain, leaf first: what a TLS endpoint presents.
 *
 * <p>{@link #toString()} names the certificate, never the key.
 *
 * @param privateKey the leaf's private key
 * @param chain the leaf certificate, then the certificates that issued it (the root may be left out)
 */
public record CertifiedKey(PrivateKey privateKey, List<X509Certificate> chain) {

  public CertifiedKey {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certified key needs at least its own certificate");
    }
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * Reads PEM files: certificates ({@code CERTIFICATE}, leaf first) and a private key ({@code PRIVATE KEY}, {@code EC
   * PRIVATE KEY} or {@code RSA PRIVATE KEY}, unencrypted). Both may be the same file.
   */
  public static CertifiedKey readPem(Path certificates, Path privateKey) throws IOException {
    return new CertifiedKey(Pem.readPrivateKey(privateKey), Pem.readCertificates(certificates));
  }

  /** The key (PKCS#8 {@code PRIVATE KEY}) followed by the chain, as one PEM text: a secret. */
  public String toPem() {
    return Pem.privateKey(privateKey) + Pem.certificates(chain);
  }

  @Override
  public String toString() {
    return "CertifiedKey[" + certificate().getSubjectX500Principal().getName() + ", sha1="
        + Thumbprint.sha1(certificate()).hex() + ", chain=" + chain.size() + ", key=<redacted>]";
  }
}
