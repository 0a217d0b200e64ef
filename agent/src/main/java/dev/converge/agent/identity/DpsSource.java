package dev.converge.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClient;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientRegistrationResult;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientStatus;
import com.microsoft.azure.sdk.iot.provisioning.device.ProvisioningDeviceClientTransportProtocol;
import com.microsoft.azure.sdk.iot.provisioning.device.internal.exceptions.ProvisioningDeviceClientException;
import com.microsoft.azure.sdk.iot.provisioning.device.internal.exceptions.ProvisioningDeviceHubException;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProvider;
import com.microsoft.azure.sdk.iot.provisioning.security.SecurityProviderSymmetricKey;
import com.microsoft.azure.sdk.iot.provisioning.security.exceptions.SecurityProviderException;
import com.microsoft.azure.sdk.iot.provisioning.security.hsm.SecurityProviderX509Cert;
import dev.converge.agent.config.IdentitySpec;
import dev.converge.agent.hub.HubTls;
import dev.converge.emulator.tls.CertifiedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity provisioned through the Device Provisioning Service with the official provisioning client (MQTT),
 * attested by a symmetric key or an X.509 certificate.
 *
 * <p>The assignment (hub and device id) is kept in {@code <data>/provisioning.json}, so a restart connects at once
 * instead of registering again (DPS registrations are rate-limited); {@link #invalidate()} drops it after the hub
 * refused the identity, so the next {@link #obtain()} registers anew (the device may have been re-assigned).
 */
public final class DpsSource implements IdentitySource {

  private static final Logger LOG = LoggerFactory.getLogger(DpsSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REGISTRATION_TIMEOUT_SECONDS = 120;

  private final IdentitySpec.Dps spec;
  private final @Nullable Path trustedCa;
  private final Path assignmentFile;

  public DpsSource(IdentitySpec.Dps spec, @Nullable Path trustedCa, Path dataFolder) {
    this.spec = spec;
    this.trustedCa = trustedCa;
    this.assignmentFile = dataFolder.resolve("provisioning.json");
  }

  @Override
  public HubIdentity obtain() throws IdentityException {
    CertifiedKey certificate = certificate();
    Optional<String[]> cached = cachedAssignment();
    if (cached.isPresent()) {
      LOG.info("using the DPS assignment in {}: {} on {}", assignmentFile, cached.get()[1], cached.get()[0]);
      return identity(cached.get()[0], cached.get()[1], certificate);
    }
    SecurityProvider security = securityProvider(certificate);
    ProvisioningDeviceClient client;
    try {
      client = ProvisioningDeviceClient.create(spec.globalEndpoint(), spec.idScope(),
          ProvisioningDeviceClientTransportProtocol.MQTT, security);
    } catch (ProvisioningDeviceClientException e) {
      throw new IdentityException("cannot create the DPS client for " + describe() + ": " + e.getMessage(), false, e);
    }
    try {
      LOG.info("registering with {}", describe());
      ProvisioningDeviceClientRegistrationResult result = client.registerDeviceSync(REGISTRATION_TIMEOUT_SECONDS);
      if (result.getProvisioningDeviceClientStatus() != ProvisioningDeviceClientStatus.PROVISIONING_DEVICE_STATUS_ASSIGNED) {
        throw new IdentityException(describe() + " did not assign this device: status "
            + result.getProvisioningDeviceClientStatus(), true);
      }
      saveAssignment(result.getIothubUri(), result.getDeviceId());
      LOG.info("DPS assigned {} on {}", result.getDeviceId(), result.getIothubUri());
      return identity(result.getIothubUri(), result.getDeviceId(), certificate);
    } catch (ProvisioningDeviceHubException e) {
      boolean auth = e.getErrorCode() == 401 || e.getErrorCode() / 1000 == 401;
      throw new IdentityException(describe() + " refused the registration" + (auth
          ? " (401: check the enrollment and the attestation key or certificate)" : "") + ": " + e.getMessage(),
          !auth, e);
    } catch (ProvisioningDeviceClientException e) {
      throw new IdentityException(describe() + ": registration failed: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdentityException(describe() + ": interrupted while registering", true, e);
    } finally {
      client.close();
    }
  }

  /** Forgets the stored assignment, so the next {@link #obtain()} registers again. */
  @Override
  public void invalidate() {
    try {
      Files.deleteIfExists(assignmentFile);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", assignmentFile, e.toString());
    }
  }

  @Override
  public String describe() {
    return "DPS " + spec.globalEndpoint() + " scope " + spec.idScope() + " registration " + spec.registrationId();
  }

  private HubIdentity identity(String hub, String deviceId, @Nullable CertifiedKey certificate) {
    HubIdentity.Credential credential = certificate != null
        ? new HubIdentity.Certificate(certificate)
        : new HubIdentity.SharedKey(((IdentitySpec.SymmetricKey) spec.attestation()).base64Key());
    return new HubIdentity(hub, deviceId, Optional.empty(), Optional.empty(), credential);
  }

  private @Nullable CertifiedKey certificate() throws IdentityException {
    if (!(spec.attestation() instanceof IdentitySpec.X509 x509)) {
      return null;
    }
    try {
      return CertifiedKey.readPem(x509.certificateFile(), x509.privateKeyFile());
    } catch (IOException | RuntimeException e) {
      throw new IdentityException("cannot read the device certificate " + x509.certificateFile() + " or key "
          + x509.privateKeyFile() + ": " + e.getMessage(), false, e);
    }
  }

  private SecurityProvider securityProvider(@Nullable CertifiedKey certificate) throws IdentityException {
    SSLContext tls = HubTls.context(trustedCa, certificate);
    if (certificate != null) {
      return new SecurityProviderX509Cert(certificate.certificate(), certificate.privateKey(),
          certificate.chain().subList(1, certificate.chain().size())) {
        @Override
        public SSLContext getSSLContext() {
          return tls;
        }
      };
    }
    String key = ((IdentitySpec.SymmetricKey) spec.attestation()).base64Key();
    return new SecurityProviderSymmetricKey(key.getBytes(StandardCharsets.UTF_8), spec.registrationId()) {
      @Override
      public SSLContext getSSLContext() throws SecurityProviderException {
        return tls;
      }
    };
  }

  private Optional<String[]> cachedAssignment() {
    if (!Files.isRegularFile(assignmentFile)) {
      return Optional.empty();
    }
    try {
      JsonNode saved = JSON.readTree(assignmentFile.toFile());
      if (spec.idScope().equals(saved.path("idScope").asText())
          && spec.registrationId().equals(saved.path("registrationId").asText())
          && saved.path("hub").isTextual() && saved.path("deviceId").isTextual()) {
        return Optional.of(new String[] {saved.path("hub").asText(), saved.path("deviceId").asText()});
      }
      LOG.info("{} is for another scope or registration id; registering again", assignmentFile);
    } catch (IOException e) {
      LOG.warn("{} is unreadable ({}); registering again", assignmentFile, e.getMessage());
    }
    return Optional.empty();
  }

  private void saveAssignment(String hub, String deviceId) {
    ObjectNode saved = JSON.createObjectNode().put("idScope", spec.idScope())
        .put("registrationId", spec.registrationId()).put("hub", hub).put("deviceId", deviceId);
    try {
      Files.createDirectories(assignmentFile.getParent());
      Path tmp = assignmentFile.resolveSibling(assignmentFile.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(saved));
      Files.move(tmp, assignmentFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot keep the DPS assignment in {} ({}); the next start registers again", assignmentFile,
          e.toString());
    }
  }
}
