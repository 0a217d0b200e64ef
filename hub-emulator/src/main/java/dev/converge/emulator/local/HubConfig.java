package dev.converge.emulator.local;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a local hub runs.
 *
 * @param hostName the IoT hub host name clients put in {@code HostName=} (must contain a '.', as the SDK requires)
 * @param bindAddress the loopback address to listen on; parallel hubs use different {@code 127.0.0.N}
 * @param mqttPort 8883, which every official SDK hard-codes; another value only for tools that allow it
 * @param httpsPort the service REST port: 443 (what the official service SDKs use) when it can be bound
 * @param fallbackHttpsPort used when {@code httpsPort} cannot be bound (0 = any free port)
 * @param stateDir where state, certificates and uploaded files live
 * @param admInterval how often ADM configurations are re-evaluated besides on every change (IoT Hub: 5 minutes)
 * @param idScope the DPS ID scope served by this emulator
 * @param telemetryCapacity messages kept per identity
 * @param clock time source for SAS expiry, timestamps and ADM
 */
public record HubConfig(
    String hostName,
    String bindAddress,
    int mqttPort,
    int httpsPort,
    int fallbackHttpsPort,
    Path stateDir,
    Duration admInterval,
    String idScope,
    int telemetryCapacity,
    Clock clock) {

  public static final String DEFAULT_HOST_NAME = "localhub.azure-devices.net";
  public static final String DEFAULT_ID_SCOPE = "0ne00C0NVRG";

  public HubConfig {
    Objects.requireNonNull(hostName, "hostName");
    if (!hostName.contains(".")) {
      throw new IllegalArgumentException(
          "hostName '" + hostName + "' must contain a '.': the device SDK takes the hub name from its first label");
    }
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(admInterval, "admInterval");
    Objects.requireNonNull(idScope, "idScope");
    Objects.requireNonNull(clock, "clock");
  }

  /** Defaults: {@code localhub.azure-devices.net} on 127.0.0.1, ports 8883 and 443 (else 8443), ADM every 5 min. */
  public static HubConfig defaults(Path stateDir) {
    return new HubConfig(
        DEFAULT_HOST_NAME, "127.0.0.1", 8883, 443, 8443, stateDir, Duration.ofMinutes(5), DEFAULT_ID_SCOPE,
        1000, Clock.systemUTC());
  }

  public HubConfig withHostName(String name) {
    return new HubConfig(name, bindAddress, mqttPort, httpsPort, fallbackHttpsPort, stateDir, admInterval, idScope,
        telemetryCapacity, clock);
  }

  public HubConfig withBindAddress(String address) {
    return new HubConfig(hostName, address, mqttPort, httpsPort, fallbackHttpsPort, stateDir, admInterval, idScope,
        telemetryCapacity, clock);
  }

  public HubConfig withAdmInterval(Duration interval) {
    return new HubConfig(hostName, bindAddress, mqttPort, httpsPort, fallbackHttpsPort, stateDir, interval, idScope,
        telemetryCapacity, clock);
  }

  public HubConfig withHttpsPorts(int preferred, int fallback) {
    return new HubConfig(hostName, bindAddress, mqttPort, preferred, fallback, stateDir, admInterval, idScope,
        telemetryCapacity, clock);
  }

  public HubConfig withClock(Clock newClock) {
    return new HubConfig(hostName, bindAddress, mqttPort, httpsPort, fallbackHttpsPort, stateDir, admInterval,
        idScope, telemetryCapacity, newClock);
  }
}
