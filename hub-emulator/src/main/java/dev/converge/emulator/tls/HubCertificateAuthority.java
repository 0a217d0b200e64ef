package dev.converge.emulator.tls;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's own certificate authority and the server certificate it issues, kept in one folder across runs.
 *
 * <p>Files (PEM, keys unencrypted PKCS#8; an emulator needs no password that would sit beside the key anyway):
 *
 * <ul>
 *   <li>{@value #CA_KEY_FILE} ({@code 0600}): the CA's private key and certificate; the source of truth.
 *   <li>{@value #CA_FILE} ({@code 0644}): the CA certificate alone, the only file clients need to trust.
 *   <li>{@value #SERVER_KEY_FILE} ({@code 0600}): the server's private key, certificate and the CA certificate.
 * </ul>
 *
 * <p>{@link #open} reuses the CA, so clients configured with {@value #CA_FILE} keep working across restarts. The CA
 * is replaced only if its files are unreadable or it would expire within a server certificate's lifetime. The server
 * certificate is reissued when it does not carry every requested name, expires within {@link #RENEW_BEFORE}, or was
 * not issued by the current CA; a reissued certificate carries the old names plus the new ones, so emulators on
 * different bind addresses can share a folder. Each file is written atomically with its key and certificate together,
 * so a crash never leaves a key beside someone else's certificate. Opening is serialised across processes by the
 * lock file {@code .lock} in the same folder.
 *
 * <p>Validity: CA {@link #CA_VALIDITY}, server certificate {@link #SERVER_VALIDITY}.
 */
public final class HubCertificateAuthority {

  public static final String CA_FILE = "hub-ca.pem";
  public static final String CA_KEY_FILE = "hub-ca-key.pem";
  public static final String SERVER_KEY_FILE = "hub-server-key.pem";
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration SERVER_VALIDITY = Duration.ofDays(365);
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  private static final String LOCK_FILE = ".lock";
  private static final String CA_NAME = "Converge hub emulator CA";
  private static final Logger LOG = LoggerFactory.getLogger(HubCertificateAuthority.class);

  private final Path folder;
  private final CertifiedKey authority;
  private final CertifiedKey server;

  private HubCertificateAuthority(Path folder, CertifiedKey authority, CertifiedKey server) {
    this.folder = folder;
    this.authority = authority;
    this.server = server;
  }

  /**
   * Loads the CA and server certificate from {@code folder}, creating or reissuing what is missing, unreadable or
   * insufficient (see the class comment).
   *
   * @param folder where the files live; created owner-only if missing
   * @param names every name clients will connect to: {@code localhost}, bind addresses, hub and DPS host names
   * @param clock decides validity periods and what counts as near expiry
   * @throws IOException if the folder cannot be read or written
   */
  public static HubCertificateAuthority open(Path folder, ServerNames names, Clock clock) throws IOException {
    Objects.requireNonNull(names, "names");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("the server certificate needs at least one name");
    }
    AtomicFile.createFolder(folder);
    // The JVM-wide monitor covers threads (a FileLock is per process); the file lock covers other processes.
    synchronized (HubCertificateAuthority.class) {
      try (FileChannel channel = FileChannel.open(folder.resolve(LOCK_FILE),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          return load(folder, names, clock.instant());
        } finally {
          lock.release();
        }
      }
    }
  }

  private static HubCertificateAuthority load(Path folder, ServerNames names, Instant now) throws IOException {
    CertifiedKey authority = read(folder.resolve(CA_KEY_FILE))
        .filter(ca -> isCurrent(ca.certificate(), now, SERVER_VALIDITY.plus(RENEW_BEFORE), "CA"))
        .orElse(null);
    if (authority == null) {
      authority = CertificateIssuer.authority(CA_NAME, now, CA_VALIDITY);
      AtomicFile.write(folder.resolve(CA_KEY_FILE), authority.toPem(), true);
      LOG.info("Created hub CA {} in {}", Thumbprint.sha256(authority.certificate()), folder);
    }
    String caPem = Pem.certificates(authority.chain());
    Path caFile = folder.resolve(CA_FILE);
    if (!Files.isRegularFile(caFile) || !Files.readString(caFile, StandardCharsets.US_ASCII).equals(caPem)) {
      AtomicFile.write(caFile, caPem, false);
    }

    CertifiedKey server = read(folder.resolve(SERVER_KEY_FILE)).orElse(null);
    ServerNames issueFor = names;
    String reason = null;
    if (server == null) {
      reason = "none usable on disk";
    } else if (!isIssuedBy(server, authority)) {
      reason = "issued by another CA";
    } else if (!isCurrent(server.certificate(), now, RENEW_BEFORE, "server certificate")) {
      reason = "expires within " + RENEW_BEFORE.toDays() + " days";
      issueFor = names.union(sansOf(server));
    } else if (!sansOf(server).covers(names)) {
      reason = "does not cover " + names;
      issueFor = names.union(sansOf(server));
    }
    if (reason != null) {
      server = CertificateIssuer.endEntity(
          issueFor.sorted().get(0), authority, KeyPurposeId.id_kp_serverAuth, issueFor, now, SERVER_VALIDITY);
      AtomicFile.write(folder.resolve(SERVER_KEY_FILE), server.toPem(), true);
      LOG.info("Issued hub server certificate for {} ({})", issueFor, reason);
    }
    return new HubCertificateAuthority(folder, authority, server);
  }

  /** The CA certificate clients must trust. */
  public X509Certificate caCertificate() {
    return authority.certificate();
  }

  /** {@value #CA_FILE}: the CA certificate as PEM, for clients' trust configuration. */
  public Path caFile() {
    return folder.resolve(CA_FILE);
  }

  /** The server's key with its chain (server certificate, then CA), for {@link ServerTls}. */
  public CertifiedKey serverKey() {
    return server;
  }

  /** The names the current server certificate carries: the requested ones, possibly more. */
  public ServerNames serverNames() {
    return sansOf(server);
  }

  private static Optional<CertifiedKey> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      CertifiedKey key = CertifiedKey.readPem(file, file);
      if (!isPair(key.privateKey(), key.certificate().getPublicKey())) {
        LOG.warn("{} holds a key that does not belong to its certificate; replacing it", file);
        return Optional.empty();
      }
      return Optional.of(key);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} is unreadable ({}); replacing it", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Valid now and for at least {@code margin} more. */
  private static boolean isCurrent(X509Certificate certificate, Instant now, Duration margin, String what) {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    boolean current = !now.isBefore(notBefore) && now.plus(margin).isBefore(notAfter);
    if (!current) {
      LOG.info("The {} valid {} to {} is not good for {} more days; replacing it", what, notBefore, notAfter,
          margin.toDays());
    }
    return current;
  }

  private static boolean isIssuedBy(CertifiedKey server, CertifiedKey authority) {
    try {
      server.certificate().verify(authority.certificate().getPublicKey());
      return server.chain().size() == 2 && server.chain().get(1).equals(authority.certificate());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static ServerNames sansOf(CertifiedKey key) {
    try {
      return ServerNames.from(key.certificate());
    } catch (GeneralSecurityException | RuntimeException e) {
      return new ServerNames(Set.of(), Set.of());
    }
  }

  /** Proves the key matches the certificate by signing with one and verifying with the other. */
  private static boolean isPair(PrivateKey privateKey, PublicKey publicKey) {
    String algorithm = "EC".equals(privateKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] challenge = "converge".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "HubCertificateAuthority[" + folder + ", ca=" + Thumbprint.sha256(caCertificate()) + ", names="
        + serverNames() + "]";
  }
}
