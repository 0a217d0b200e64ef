package dev.converge.emulator.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * PEM text for certificates and unencrypted private keys. Writing is plain JDK (PKCS#8 {@code PRIVATE KEY}); reading
 * uses BouncyCastle's parser so that OpenSSL's {@code EC PRIVATE KEY} and {@code RSA PRIVATE KEY} also load, then
 * hands PKCS#8 bytes to the JDK's own key factories (no provider is installed).
 */
final class Pem {

  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
  private static final Base64.Encoder ENCODER =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  static String certificates(List<X509Certificate> certificates) {
    StringBuilder text = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      try {
        text.append(block("CERTIFICATE", certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate always re-encodes", e);
      }
    }
    return text.toString();
  }

  static String privateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("only PKCS#8-encodable keys can be written, not " + key.getFormat());
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> certificates = parseCertificates(Files.readAllBytes(file));
    if (certificates.isEmpty()) {
      throw new IOException(file + " holds no PEM certificate");
    }
    return certificates;
  }

  static List<X509Certificate> parseCertificates(byte[] pem) throws IOException {
    // Only CERTIFICATE blocks: the JDK factory would choke on a key block in the same file.
    Matcher block = CERTIFICATE.matcher(new String(pem, StandardCharsets.US_ASCII));
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      while (block.find()) {
        byte[] der = Base64.getMimeDecoder().decode(block.group(1));
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
      return certificates;
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IOException("unreadable PEM certificate: " + e.getMessage(), e);
    }
  }

  static PrivateKey readPrivateKey(Path file) throws IOException {
    return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  static PrivateKey parsePrivateKey(String pem, String source) throws IOException {
    try (Reader reader = new StringReader(pem);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        PrivateKeyInfo info = null;
        if (object instanceof PrivateKeyInfo pkcs8) {
          info = pkcs8;
        } else if (object instanceof PEMKeyPair pair) {
          info = pair.getPrivateKeyInfo();
        }
        if (info != null) {
          String algorithm =
              info.getPrivateKeyAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC" : "RSA";
          return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException(source + ": unreadable private key: " + e.getMessage(), e);
    }
    throw new IOException(source + " holds no unencrypted PEM private key");
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
