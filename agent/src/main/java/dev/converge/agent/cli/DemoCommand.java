package dev.converge.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.configurations.Configuration;
import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.daemon.Agent;
import dev.converge.agent.operator.ConfigurationFile;
import dev.converge.agent.operator.RolloutStatus;
import dev.converge.agent.operator.ServiceTarget;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.HubConfig;
import dev.converge.emulator.local.LocalHub;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code converge demo}: the whole loop on one machine, in seconds. An embedded local hub, one device, the agent on
 * a temporary root folder, an ADM configuration deployed through the service API, the rollout followed until the
 * device reports {@code succeeded}; then a managed file changed behind the agent's back, and the drift detected and
 * remediated. Everything it starts is stopped, and its temporary folder removed, before it returns.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Show Converge end to end on this machine: a local IoT Hub, a device running the agent, an ADM"
        + " deployment rolled out to it, and drift detected and remediated. Takes about 10 seconds; leaves nothing"
        + " running."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the demo ran to the end", "1:a step did not finish in time (what was awaited is printed)",
        "2:the local hub could not start (e.g. no free loopback address for port 8883)"})
final class DemoCommand implements Callable<Integer> {

  static final String DEVICE = "demo-device";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
  private static final String CONFIGURATION = "/dev/converge/agent/examples/welcome-configuration.json";

  @Option(names = "--keep", description = "Keep the temporary folder (hub state, device root, journal) for a look.")
  boolean keep;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
      description = "How long each step may take before the demo gives up. Default: ${DEFAULT-VALUE}.")
  long timeoutSeconds;

  @Spec CommandSpec spec;

  private PrintWriter out;
  private long t0;

  /** A step that did not finish in time. */
  static final class StepTimedOut extends Exception {
    private static final long serialVersionUID = 1L;

    StepTimedOut(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    t0 = System.nanoTime();
    Path dir = Files.createTempDirectory("converge-demo-");
    out.println("converge demo: a local IoT Hub, one device running the agent, one ADM deployment.");
    out.println();
    LocalHub hub;
    try {
      hub = startHub(dir.resolve("hub"));
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("converge demo: the local hub could not start: " + e.getMessage());
      spec.commandLine().getErr().flush();
      delete(dir);
      return ExitCode.USAGE;
    }
    try (hub) {
      return run(hub, dir);
    } catch (StepTimedOut e) {
      spec.commandLine().getErr().println("converge demo: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCode.NOT_CONVERGED;
    } finally {
      if (keep) {
        out.println("Kept " + dir);
      } else {
        delete(dir);
      }
      out.flush();
    }
  }

  private int run(LocalHub hub, Path dir) throws Exception {
    String https = hub.config().bindAddress() + ":" + hub.httpsPort();
    step("local IoT Hub %s started on %s (MQTT 8883, HTTPS %d)", hub.config().hostName(),
        hub.config().bindAddress(), hub.httpsPort());
    hub.createDevice(DEVICE);
    hub.hub().twins().patchTags(IdentityId.device(DEVICE), JSON.readTree("{\"demo\":\"true\"}"), "*");
    step("device '%s' registered and tagged demo='true'", DEVICE);

    Path root = dir.resolve("device-root");
    AgentConfig config = AgentConfig.forConnectionString(hub.deviceConnectionString(DEVICE), root,
        dir.resolve("device-data")).withTrustedCa(hub.caFile()).withDefinitions(List.of(demoDefinitions(dir)));
    try (Agent agent = Agent.create(config, new SystemClock(), new Agent.AgentListener() {})) {
      agent.start();
      try {
        agent.awaitStarted(timeout());
      } catch (java.util.concurrent.TimeoutException e) {
        throw new StepTimedOut("timed out after " + timeout().toSeconds() + " s waiting for the agent to connect"
            + agent.lastError().map(m -> "; last error: " + m).orElse(""));
      }
      JsonNode schemas = await("the agent's first report", hub, r -> r.has("__deviceSchemas")).path("__deviceSchemas");
      step("agent connected as %s; it reported its capabilities: %s", DEVICE,
          String.join(", ", (Iterable<String>) schemas::fieldNames));

      ServiceTarget service = ServiceTarget.parse(hub.serviceConnectionString()).withGateway(https)
          .withCa(hub.caFile());
      Configuration configuration = ConfigurationFile.read(extract(CONFIGURATION, dir));
      service.configurations().create(configuration);
      step("deployed ADM configuration '%s' through the service API (target %s, priority %d)",
          configuration.getId(), configuration.getTargetCondition(), configuration.getPriority());

      String[] last = {""};
      JsonNode done = await("files to report succeeded", hub, r -> {
        String status = r.path("files").path("__meta").path("deploymentStatus").asText("");
        if (!status.isEmpty() && !status.equals(last[0])) {
          last[0] = status;
          step("files: %s (deployment %s)", status, r.path("files").path("__meta").path("deploymentId").asText());
        }
        return "succeeded".equals(status);
      });
      step("the device holds what was declared: /etc/motd = %s, /etc/myapp/app.conf mode %s",
          JSON.writeValueAsString(read(root, "etc/motd")), done.path("files").path("appConfig").path("mode").asText());
      Configuration rolled = awaitMetrics(service, configuration.getId());
      out.println();
      out.print(RolloutStatus.table(List.of(RolloutStatus.of(rolled))));
      out.println();

      Files.writeString(root.resolve("etc/motd"), "edited by hand\n");
      step("changed /etc/motd behind the agent's back");
      JsonNode drift = await("the drift to be detected and remediated", hub,
          r -> r.path("files").path("__drift").toString().contains("remediated")
              && "Managed by Converge\n".equals(read(root, "etc/motd"))).path("files").path("__drift");
      step("drift detected and remediated; /etc/motd restored. Reported files.__drift:");
      out.println(indent(drift.toPrettyString()));
      List<String> records = new dev.converge.agent.journal.FileJournal(config.data().resolve("journal.jsonl"))
          .records();
      step("audit journal: %d records (intent, outcome and drift), hash chain %s", records.size(),
          dev.converge.engine.journal.JournalVerifier.verify(records).intact() ? "intact" : "BROKEN");
    }
    step("stopped the agent and the local hub");
    out.println();
    out.println("Try next:");
    out.println("  ./converge hub                    run the local hub on its own (prints connection strings)");
    out.println("  ./converge run --config FILE      run the agent (see docs/agent.md for the config file)");
    out.println("  ./converge hub deploy examples/welcome-configuration.json   deploy to your own devices");
    out.println("  ./converge demo --keep            keep the demo's files: hub state, device root, journal");
    return ExitCode.OK;
  }

  private LocalHub startHub(Path state) {
    RuntimeException last = null;
    // 127.0.0.1 first; another address when 8883 is taken there (a `converge hub` left running, say).
    for (int attempt = 0; attempt < 5; attempt++) {
      String bind = attempt == 0 ? "127.0.0.1" : "127.0.0." + ThreadLocalRandom.current().nextInt(2, 255);
      HubConfig config = HubConfig.defaults(state).withBindAddress(bind).withHttpsPorts(443, 0)
          .withAdmInterval(Duration.ofSeconds(1));
      try {
        return LocalHub.start(config);
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw Objects.requireNonNull(last);
  }

  /** The bundled definitions with the drift scan every 2 s instead of 5 min, so the demo shows drift quickly. */
  private static Path demoDefinitions(Path dir) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("capabilities"));
    try (InputStream in = DemoCommand.class.getResourceAsStream("/dev/converge/capabilities/files.yaml")) {
      String yaml = new String(Objects.requireNonNull(in, "bundled files.yaml").readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      Files.writeString(folder.resolve("files.yaml"), yaml.replaceFirst("scanInterval: \\S+", "scanInterval: 2s"));
    }
    return folder;
  }

  private JsonNode await(String what, LocalHub hub, Predicate<JsonNode> condition) throws StepTimedOut {
    long deadline = System.nanoTime() + timeout().toNanos();
    while (true) {
      JsonNode reported = hub.hub().twins().get(IdentityId.device(DEVICE)).orElseThrow().reported().toObjectNode();
      if (condition.test(reported)) {
        return reported;
      }
      if (System.nanoTime() > deadline) {
        throw new StepTimedOut("timed out after " + timeout().toSeconds() + " s waiting for " + what
            + "; the device reported: " + reported);
      }
      sleep(50);
    }
  }

  private Configuration awaitMetrics(ServiceTarget service, String id) throws Exception {
    long deadline = System.nanoTime() + timeout().toNanos();
    while (true) {
      Configuration c = service.configurations().get(id);
      RolloutStatus status = RolloutStatus.of(c);
      // ADM counts on its own schedule: wait until its success metric has seen the device's report.
      if (status.isComplete() && status.metrics().getOrDefault("succeeded", 0L) >= status.targeted()) {
        return c;
      }
      if (System.nanoTime() > deadline) {
        throw new StepTimedOut("timed out after " + timeout().toSeconds() + " s waiting for ADM to count the"
            + " device as succeeded; the configuration's counts: " + RolloutStatus.table(List.of(status)));
      }
      sleep(200);
    }
  }

  private Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  private void step(String format, Object... args) {
    out.printf("[%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, String.format(format, args));
    out.flush();
  }

  private static Path extract(String resource, Path dir) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
      Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
      Files.write(file, Objects.requireNonNull(in, resource).readAllBytes());
      return file;
    }
  }

  private static String read(Path root, String relative) {
    try {
      return Files.readString(root.resolve(relative));
    } catch (IOException e) {
      return "";
    }
  }

  private static String indent(String text) {
    return "          " + text.replace("\n", "\n          ");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
