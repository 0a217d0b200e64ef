package dev.converge.benchmarks;

import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.daemon.Agent;
import dev.converge.agent.runtime.SystemClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child JVM of the footprint comparison ({@link AgentOverhead} starts it): one device, either the agent or the
 * bare SDK client, then idle until told to stop. Kept small on purpose: whatever this class loads counts for both
 * sides alike.
 *
 * <p>Usage: {@code ProbeProcess agent <caFile> <definitionsFolder> <root> <data>} or {@code ProbeProcess bare
 * <caFile>}; the connection string comes in the environment variable {@code CONVERGE_PROBE_CS} (it holds the
 * device key, which has no business in a process listing).
 *
 * <p>Protocol on stdout, one word a line: {@code MAIN} on entering {@code main}; {@code CREATED} when the client
 * object exists (bare: {@code new DeviceClient}; agent: {@link Agent#create}, which loads the capability definitions
 * and schemas, opens the adapters and the journal); {@code READY} when connected (bare: open, subscriptions and the
 * twin GET returned; agent: {@link Agent#awaitStarted} returned). Commands on stdin:
 * {@code gc} runs two full collections and answers {@code GC}; {@code exit} (or end of input) closes the device and
 * exits.
 */
public final class ProbeProcess {

  static final String CONNECTION_STRING = "CONVERGE_PROBE_CS";

  private ProbeProcess() {}

  public static void main(String[] args) throws Exception {
    say("MAIN");
    String cs = System.getenv(CONNECTION_STRING);
    if (cs == null || args.length < 2) {
      System.err.println("usage: ProbeProcess agent|bare <caFile> [<definitions> <root> <data>], "
          + CONNECTION_STRING + " set");
      System.exit(2);
    }
    Path ca = Path.of(args[1]);
    AutoCloseable device = switch (args[0]) {
      case "agent" -> agent(cs, ca, Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
      case "bare" -> bare(cs, ca);
      default -> throw new IllegalArgumentException("mode must be agent or bare: " + args[0]);
    };
    say("READY");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
      if (line.equals("gc")) {
        System.gc();
        System.gc();
        say("GC");
      }
    }
    device.close();
    System.exit(0);
  }

  private static AutoCloseable agent(String cs, Path ca, Path definitions, Path root, Path data) throws Exception {
    AgentConfig config = AgentConfig.forConnectionString(cs, root, data).withTrustedCa(ca)
        .withDefinitions(List.of(definitions));
    Agent agent = Agent.create(config, new SystemClock(), new Agent.AgentListener() {});
    say("CREATED");
    agent.start();
    agent.awaitStarted(Duration.ofSeconds(60));
    return agent;
  }

  /** What the agent's connection does with the SDK, and nothing else: open, both subscriptions, one twin GET. */
  private static AutoCloseable bare(String cs, Path ca) throws Exception {
    DeviceClient client = new DeviceClient(cs, IotHubClientProtocol.MQTT, BareDevice.options(ca));
    say("CREATED");
    client.open(false);
    client.subscribeToDesiredProperties((twin, context) -> {}, null);
    BareDevice.subscribeToMethods(client);
    client.getTwin();
    return client::close;
  }

  private static void say(String word) {
    System.out.println(word);
    System.out.flush();
  }
}
