package dev.converge.emulator.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Makes EC P-256 keys and certificates signed with SHA256withECDSA, the modern default every Azure SDK's TLS stack
 * accepts. Only the JDK's own providers are used; BouncyCastle just builds the certificate structures.
 *
 * <p>Certificates start an hour before "now" so that a client whose clock is slightly behind still accepts them.
 */
final class CertificateIssuer {

  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private CertificateIssuer() {}

  /** A self-signed CA that may sign end-entity certificates only (path length 0). */
  static CertifiedKey authority(String commonName, Instant now, Duration validity) {
    KeyPair keys = newKeyPair();
    X500Name subject = name(commonName);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(subject, subject, keys, now, validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertifiedKey(keys.getPrivate(), List.of(sign(builder, keys)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build a CA certificate", e);
    }
  }

  /**
   * An end-entity certificate, signed by {@code issuer} or self-signed when {@code issuer} is {@code null}.
   *
   * @param purpose {@link KeyPurposeId#id_kp_serverAuth} or {@link KeyPurposeId#id_kp_clientAuth}
   * @param names subject alternative names, or {@code null} for none
   * @return the new key with its chain: the certificate, then {@code issuer}'s chain
   */
  static CertifiedKey endEntity(
      String commonName,
      @Nullable CertifiedKey issuer,
      KeyPurposeId purpose,
      @Nullable ServerNames names,
      Instant now,
      Duration validity) {
    KeyPair keys = newKeyPair();
    X500Name subject = name(commonName);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X500Name issuerName =
          issuer == null ? subject : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder builder = builder(issuerName, subject, keys, now, validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(keys.getPublic()));
      if (issuer != null) {
        builder.addExtension(Extension.authorityKeyIdentifier, false,
            extensions.createAuthorityKeyIdentifier(issuer.certificate()));
      }
      if (names != null && !names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, generalNames(names));
      }
      X509Certificate certificate =
          sign(builder, issuer == null ? keys : new KeyPair(issuer.certificate().getPublicKey(), issuer.privateKey()));
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(certificate);
      if (issuer != null) {
        chain.addAll(issuer.chain());
      }
      return new CertifiedKey(keys.getPrivate(), chain);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot build a certificate for " + commonName, e);
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair keys, Instant now, Duration validity) {
    // Positive, 127 random bits: unique without bookkeeping, and within RFC 5280's 20-octet limit.
    BigInteger serial = new BigInteger(127, RANDOM).setBit(0);
    return new JcaX509v3CertificateBuilder(
        issuer,
        serial,
        Date.from(now.minus(BACKDATE)),
        Date.from(now.plus(validity)),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static GeneralNames generalNames(ServerNames names) {
    List<GeneralName> entries = new ArrayList<>();
    names.dnsNames().stream().sorted().forEach(n -> entries.add(new GeneralName(GeneralName.dNSName, n)));
    names.ipAddresses().stream().sorted().forEach(a -> entries.add(new GeneralName(GeneralName.iPAddress, a)));
    return new GeneralNames(entries.toArray(GeneralName[]::new));
  }

  /** One CN attribute, built structurally so that ids containing {@code , = +} are not parsed as syntax. */
  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is mandatory in every JDK", e);
    }
  }
}
