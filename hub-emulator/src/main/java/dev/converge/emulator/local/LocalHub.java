package dev.converge.emulator.local;

import dev.converge.emulator.dps.Dps;
import dev.converge.emulator.hub.Hub;
import dev.converge.emulator.identity.Credentials;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.mqtt.IotHubService;
import dev.converge.emulator.mqtt.MqttFrontDoor;
import dev.converge.emulator.rollout.ConfigurationRollout;
import dev.converge.emulator.service.HttpsFrontDoor;
import dev.converge.emulator.service.ServiceApi;
import dev.converge.emulator.service.SharedAccessPolicies;
import dev.converge.emulator.tls.CertifiedKey;
import dev.converge.emulator.tls.HubCertificateAuthority;
import dev.converge.emulator.tls.ServerNames;
import dev.converge.emulator.tls.ServerTls;
import dev.converge.emulator.upload.FileUploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local IoT Hub (and DPS) that the official SDKs accept unmodified: start it, register devices, and point
 * clients at {@link #deviceConnectionString}. {@link #stop()} and {@link #start()} simulate an outage; everything
 * durable (identities, twins, sessions, configurations, enrollments) survives them.
 */
public final class LocalHub implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalHub.class);

  private final HubConfig config;
  private @Nullable Running running;

  /** What exists only while the hub runs; rebuilt from the state file on every start. */
  private record Running(
      Hub hub,
      HubCertificateAuthority tls,
      MqttFrontDoor mqtt,
      HttpsFrontDoor https,
      SharedAccessPolicies policies,
      ConfigurationRollout adm,
      Dps dps,
      FileUploads uploads) {}

  private LocalHub(HubConfig config) {
    this.config = config;
  }

  /** Creates and starts a hub. */
  public static LocalHub start(HubConfig config) {
    LocalHub hub = new LocalHub(config);
    hub.start();
    return hub;
  }

  /** Starts (again) from the durable state. */
  public synchronized void start() {
    if (running != null) {
      return;
    }
    try {
      HubCertificateAuthority tls =
          HubCertificateAuthority.open(config.stateDir().resolve("tls"), serverNames(), config.clock());
      Hub hub = new Hub(config.clock(), config.stateDir().resolve("state.json"), config.telemetryCapacity());
      SharedAccessPolicies policies = SharedAccessPolicies.generate(new SecureRandom());
      hub.addSection(policies);
      ConfigurationRollout adm = ConfigurationRollout.attach(hub, config.admInterval());
      Dps dps = new Dps(hub, config.idScope(), config.hostName());
      FileUploads uploads = new FileUploads(hub, config.hostName(), config.stateDir().resolve("uploads"));
      HttpsFrontDoor https = null;
      MqttFrontDoor mqtt;
      try {
        hub.load();
        hub.changed(); // a new hub's generated policy keys are saved at once
        https = HttpsFrontDoor.bind(
            config.bindAddress(), config.httpsPort(), config.fallbackHttpsPort(), ServerTls.of(tls.serverKey()));
        // Longest prefix wins: DPS and blob uploads have their own; "/" is the service API, except the device's
        // file-upload requests, which share its /devices/ paths.
        ServiceApi service = new ServiceApi(config.hostName(), hub, policies, adm);
        HttpHandlerChoice devicesOrService = new HttpHandlerChoice(FileUploads::isDevicePath, uploads.deviceHandler(),
            service);
        https.route("/", devicesOrService);
        https.route(dps.httpsPathPrefix(), dps.httpsHandler());
        https.route(uploads.blobPathPrefix(), uploads.blobHandler());
        mqtt = MqttFrontDoor.start(
            new InetSocketAddress(config.bindAddress(), config.mqttPort()),
            ServerTls.of(tls.serverKey()).nettyContext(),
            List.of(new IotHubService(config.hostName(), hub), dps.mqttService()));
      } catch (IOException | InterruptedException | RuntimeException e) {
        if (https != null) {
          https.close();
        }
        adm.close();
        hub.closeWithoutSaving();
        throw e;
      }
      adm.start();
      https.start();
      running = new Running(hub, tls, mqtt, https, policies, adm, dps, uploads);
      LOG.info("Local hub {} listening on {}:{} (MQTT) and {}:{} (HTTPS)", config.hostName(), config.bindAddress(),
          config.mqttPort(), config.bindAddress(), https.port());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local hub in " + config.stateDir(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the local hub", e);
    }
  }

  /** Stops listening and saves the state; connected clients see the connection drop. */
  public synchronized void stop() {
    Running r = running;
    if (r == null) {
      return;
    }
    running = null;
    // Calls waiting for a device's answer end first (404103), so that the HTTPS front door, which waits for the
    // requests it is serving, is not held up by them.
    r.hub().methods().close();
    r.https().close();
    r.adm().close();
    r.mqtt().close();
    r.hub().close();
  }

  /** Stops and starts again, as after a crash-free outage. */
  public void restart() {
    stop();
    start();
  }

  @Override
  public void close() {
    stop();
  }

  public HubConfig config() {
    return config;
  }

  public boolean isRunning() {
    return running != null;
  }

  /** The running hub's state and rules. */
  public Hub hub() {
    return running().hub();
  }

  /** The HTTPS port the service API (and DPS) listen on: 443, or the fallback when 443 could not be bound. */
  public int httpsPort() {
    return running().https().port();
  }

  /**
   * The {@code iothubowner} connection string for the official service SDKs ({@code RegistryClient}, {@code
   * TwinClient}, ...): {@code HostName=<host>;SharedAccessKeyName=iothubowner;SharedAccessKey=<key>}. The key is
   * durable, so the string stays valid across restarts. The SDKs connect to {@code <host>:443}; map the host name to
   * the bind address (tests: {@code HostsFile}) and trust {@link #caFile()}.
   */
  public String serviceConnectionString() {
    return running().policies().connectionString(config.hostName());
  }

  /** Automatic device management: configurations, twins' configuration statuses, evaluation. */
  public ConfigurationRollout adm() {
    return running().adm();
  }

  /** The running DPS: enrollments, registrations, and its MQTT and HTTPS endpoints. */
  public Dps dps() {
    return running().dps();
  }

  /** The running hub's file uploads: stored blobs, completions, and the HTTPS handlers. */
  public FileUploads uploads() {
    return running().uploads();
  }

  /** The running server certificate and key, for an HTTPS server started outside this class (tests). */
  public CertifiedKey serverKey() {
    return running().tls().serverKey();
  }

  /** The CA certificate clients must trust (PEM). */
  public Path caFile() {
    return running().tls().caFile();
  }

  /** Registers a device with generated symmetric keys. */
  public Identity createDevice(String deviceId) {
    return hub().register(IdentityId.device(deviceId), null, true);
  }

  /** Registers a module of an existing device with generated symmetric keys. */
  public Identity createModule(String deviceId, String moduleId) {
    return hub().register(IdentityId.module(deviceId, moduleId), null, true);
  }

  /** Registers a device that authenticates with a self-signed certificate of this thumbprint. */
  public Identity createX509Device(String deviceId, String thumbprint) {
    return hub().register(IdentityId.device(deviceId), new Credentials.X509Thumbprint(thumbprint, thumbprint), true);
  }

  /**
   * A connection string for the official device SDK: the real host name, so tokens and the user name are what a
   * real hub expects, plus {@code GatewayHostName} so TCP goes to this hub's bind address.
   */
  public String deviceConnectionString(String deviceId) {
    return connectionString(IdentityId.device(deviceId));
  }

  public String moduleConnectionString(String deviceId, String moduleId) {
    return connectionString(IdentityId.module(deviceId, moduleId));
  }

  private String connectionString(IdentityId id) {
    Identity identity = hub().identities().get(id)
        .orElseThrow(() -> new IllegalArgumentException(id + " is not registered"));
    StringBuilder s = new StringBuilder("HostName=").append(config.hostName())
        .append(";DeviceId=").append(id.deviceId());
    if (id.moduleId() != null) {
      s.append(";ModuleId=").append(id.moduleId());
    }
    if (identity.credentials() instanceof Credentials.SymmetricKey keys) {
      s.append(";SharedAccessKey=").append(keys.primaryKey());
    } else {
      s.append(";x509=true");
    }
    return s.append(";GatewayHostName=").append(config.bindAddress()).toString();
  }

  /**
   * Waits until {@code condition} holds, checking every 20 ms.
   *
   * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
   */
  public void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  private ServerNames serverNames() {
    return ServerNames.of("localhost", "127.0.0.1", config.bindAddress(), config.hostName());
  }

  private Running running() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("the local hub is stopped");
    }
    return r;
  }
}
