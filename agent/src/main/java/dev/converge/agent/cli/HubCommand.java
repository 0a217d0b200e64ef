package dev.converge.agent.cli;

import dev.converge.agent.operator.LocalHubFile;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.HubConfig;
import dev.converge.emulator.local.LocalHub;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code converge hub}: runs the local IoT Hub and DPS emulator until interrupted, and prints what clients need to
 * connect. Its subcommands act on any hub through the service API.
 */
@Command(name = "hub", mixinStandardHelpOptions = true,
    description = {"Run a local IoT Hub + DPS emulator (the official SDKs connect to it unmodified) until Ctrl-C.",
        "Its subcommands act on the local hub or, with --connection-string, on a real one."},
    subcommands = {HubDeployCommand.class, HubStatusCommand.class, HubTwinCommand.class, HubInvokeCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "2:bad option, or the hub could not start (e.g. the address is in use)"})
final class HubCommand implements Callable<Integer> {

  @Option(names = "--state", paramLabel = "DIR", defaultValue = "${sys:user.home}/.converge/hub",
      description = "Where identities, twins, configurations, enrollments and certificates are kept."
          + " Default: ${DEFAULT-VALUE}.")
  Path state;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Loopback address to listen on (MQTT 8883, HTTPS 443 or --fallback-https-port). Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(names = "--host-name", paramLabel = "NAME", defaultValue = HubConfig.DEFAULT_HOST_NAME,
      description = "The hub's host name in connection strings and tokens. Default: ${DEFAULT-VALUE}.")
  String hostName;

  @Option(names = "--fallback-https-port", paramLabel = "PORT", defaultValue = "8443",
      description = "HTTPS port when 443 cannot be bound (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int fallbackHttpsPort;

  @Option(names = "--device", paramLabel = "ID",
      description = "Register this sample device if missing; repeatable. Default: sample-device.")
  List<String> devices = new ArrayList<>();

  @Option(names = "--adm-interval", paramLabel = "SECONDS", defaultValue = "300",
      description = "Re-evaluate ADM configurations this often, besides on every change (IoT Hub: 300). Default: ${DEFAULT-VALUE}.")
  long admInterval;

  @Spec CommandSpec spec;

  /** Counted down to stop a hub started by a test in another thread. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Files.createDirectories(state);
    HubConfig config = HubConfig.defaults(state).withBindAddress(bind).withHostName(hostName)
        .withHttpsPorts(443, fallbackHttpsPort).withAdmInterval(Duration.ofSeconds(admInterval));
    LocalHub hub;
    try {
      hub = LocalHub.start(config);
    } catch (RuntimeException e) {
      err.println("converge hub: cannot start: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    Thread hook = new Thread(() -> {
      stop.countDown();
      hub.close();
    }, "converge-hub-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<String> ids = devices.isEmpty() ? List.of("sample-device") : devices;
      for (String id : ids) {
        if (hub.hub().identities().get(IdentityId.device(id)).isEmpty()) {
          hub.createDevice(id);
        }
      }
      String https = hub.httpsPort() == 443 ? bind : bind + ":" + hub.httpsPort();
      new LocalHubFile(hub.serviceConnectionString(), https, hub.caFile()).write(state);
      out.printf("Local IoT hub %s is running.%n", hostName);
      out.printf("  MQTT (devices, DPS):  %s:8883%n", bind);
      out.printf("  HTTPS (service, DPS): %s%n", https);
      out.printf("  CA certificate:       %s  (clients trust this; never turn verification off)%n", hub.caFile());
      out.printf("  DPS:                  global endpoint %s, ID scope %s%n", bind, config.idScope());
      out.printf("  State:                %s%n%n", state);
      out.printf("Service (owner policy):%n  %s%n%n", hub.serviceConnectionString());
      out.printf("Devices:%n");
      for (String id : ids) {
        out.printf("  %s%n", hub.deviceConnectionString(id));
      }
      out.printf("%nTry: converge hub twin %s --set '{\"hello\":\"world\"}'   (Ctrl-C stops the hub)%n", ids.get(0));
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hub.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running; it closes the hub too
      }
    }
    return ExitCode.OK;
  }
}
