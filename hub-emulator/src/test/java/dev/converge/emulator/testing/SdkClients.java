package dev.converge.emulator.testing;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.InternalClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
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

  /**
   * Test options: TCP_NODELAY, 1 ms send polling, 10 s keep-alive. Receive polling stays at the SDK's 10 ms: with
   * 1 ms, SDK 2.5.0 loses twin response callbacks now and then (its receive task can drop the request's
   * correlation before the MQTT thread looks it up), which would make tests flaky for reasons not the hub's.
   */
  public static ClientOptions tuned(LocalHub hub) {
    return ClientOptions.builder().sslContext(trust(hub)).keepAliveInterval(10).sendInterval(1).build();
  }

  /**
   * Reports {@code properties} and returns the new reported version, retrying when the SDK never sees the answer
   * (see {@link #tuned}); a refusal by the hub is thrown at once.
   */
  public static int report(InternalClient client, TwinCollection properties)
      throws InterruptedException, IotHubClientException {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.updateReportedProperties(properties, 5_000).getVersion();
      } catch (IotHubClientException e) {
        if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT || attempt == 3) {
          throw e;
        }
      }
    }
  }

  public static DeviceClient device(LocalHub hub, String deviceId) {
    return new DeviceClient(hub.deviceConnectionString(deviceId), IotHubClientProtocol.MQTT, tuned(hub));
  }

  public static ModuleClient module(LocalHub hub, String deviceId, String moduleId) {
    return new ModuleClient(hub.moduleConnectionString(deviceId, moduleId), IotHubClientProtocol.MQTT, tuned(hub));
  }

  /** The device's twin, retrying when the SDK never sees the answer (see {@link #tuned}). */
  public static Twin twin(InternalClient client) throws InterruptedException, IotHubClientException {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.getTwin(5_000);
      } catch (IotHubClientException e) {
        if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT || attempt == 3) {
          throw e;
        }
      }
    }
  }
}
