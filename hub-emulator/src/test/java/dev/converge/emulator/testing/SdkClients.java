package dev.converge.emulator.testing;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.ModuleClient;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.tls.ClientTls;
import dev.converge.emulator.tls.NoDelaySslContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.net.ssl.SSLContext;

/** Official device SDK clients configured to trust a {@link LocalHub}, never by turning verification off. */
public final class SdkClients {

  private SdkClients() {}

  /** Trusts only the hub's CA; TCP_NODELAY set, as the agent sets it. */
  public static SSLContext trust(LocalHub hub) {
    try {
      return NoDelaySslContext.wrap(ClientTls.trusting(hub.caFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tuned options: TCP_NODELAY, 1 ms send/receive polling, 10 s keep-alive. */
  public static ClientOptions tuned(LocalHub hub) {
    return ClientOptions.builder().sslContext(trust(hub)).keepAliveInterval(10).sendInterval(1).receiveInterval(1)
        .build();
  }

  public static DeviceClient device(LocalHub hub, String deviceId) {
    return new DeviceClient(hub.deviceConnectionString(deviceId), IotHubClientProtocol.MQTT, tuned(hub));
  }

  public static ModuleClient module(LocalHub hub, String deviceId, String moduleId) {
    return new ModuleClient(hub.moduleConnectionString(deviceId, moduleId), IotHubClientProtocol.MQTT, tuned(hub));
  }
}
