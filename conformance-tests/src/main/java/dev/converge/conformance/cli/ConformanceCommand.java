package dev.converge.conformance.cli;

import dev.converge.agent.operator.ServiceTarget;
import dev.converge.conformance.Scenario;
import dev.converge.conformance.ScenarioFailure;
import dev.converge.conformance.ScenarioFiles;
import dev.converge.conformance.ScenarioRunner;
import dev.converge.conformance.ScenarioSkipped;
import dev.converge.conformance.hub.RemoteHubTarget;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code converge conformance}: runs conformance scenarios (Converge recipes and DMValidator files) against one device
 * running Converge behind a real IoT Hub, through the official service SDK, as the original DMValidator did. Prints
 * one line per scenario, {@code passed}, {@code failed} (with every problem) or {@code skipped} (with the reason: the
 * scenario moves the device's clock, touches its files or reads its journal, which a hub cannot reach), then a
 * summary.
 */
@Command(name = "converge conformance", mixinStandardHelpOptions = true, version = "converge conformance 0.1.0",
    description = {"Run conformance scenarios against a device running Converge behind an IoT Hub.",
        "Scenarios that move the device's clock, change or check its files or read its journal are skipped, with"
            + " the reason: only the twin and direct methods are reachable through a hub."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every scenario passed (or was skipped)", "1:some scenario failed",
        "2:bad option, missing or malformed scenario file"})
public final class ConformanceCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Option(names = "--connection-string", paramLabel = "STRING", required = true,
      defaultValue = "${env:CONVERGE_SERVICE_CONNECTION_STRING}",
      description = "Service connection string of the hub (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...),"
          + " with rights to read and write twins and invoke methods. Default: $CONVERGE_SERVICE_CONNECTION_STRING.")
  String connectionString;

  @Option(names = "--device", paramLabel = "ID", required = true, description = "The device running Converge.")
  String deviceId;

  @Option(names = "--module", paramLabel = "ID", description = "Converge runs as this module of the device (module"
      + " twin mode).")
  @Nullable String moduleId;

  @Option(names = "--ca", paramLabel = "PEM", description = "Trust this CA certificate (e.g. a local hub's"
      + " hub-ca.pem).")
  @Nullable Path ca;

  @Option(names = "--gateway", paramLabel = "HOST[:PORT]", description = "Send HTTPS to this address instead of the"
      + " host name in the connection string.")
  @Nullable String gateway;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long the device may take to answer a desired change or a direct method."
          + " Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  @Option(names = "--no-read-back-pause", description = "Read the twin back as soon as the device has answered,"
      + " instead of also waiting out a validator case's readBackPause.")
  boolean noReadBackPause;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Scenario files (*.yaml, *.yml: recipes; *.json:"
      + " DMValidator) or folders, searched at any depth.")
  List<Path> paths = new ArrayList<>();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it with their own writers. */
  public static CommandLine commandLine() {
    return new CommandLine(new ConformanceCommand());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ServiceTarget hub;
    RemoteHubTarget.Options options;
    List<Scenario> scenarios;
    try {
      if (connectionString == null || connectionString.isBlank()) {
        throw new IllegalArgumentException("--connection-string is empty");
      }
      if (timeoutSeconds < 1) {
        throw new IllegalArgumentException("--timeout must be at least 1 second, not " + timeoutSeconds);
      }
      if (ca != null && !Files.isRegularFile(ca)) {
        throw new IllegalArgumentException("no CA certificate at " + ca);
      }
      hub = ServiceTarget.parse(connectionString);
      hub = hub.withGateway(gateway == null ? hub.gateway() : gateway).withCa(ca);
      options = new RemoteHubTarget.Options(Duration.ofSeconds(timeoutSeconds),
          RemoteHubTarget.Options.defaults().pollInterval(), !noReadBackPause);
      scenarios = read(paths);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return fail(USAGE, e.getMessage());
    }
    long started = System.nanoTime();
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    for (Scenario scenario : scenarios) {
      try (RemoteHubTarget target = new RemoteHubTarget(hub, deviceId, moduleId, options)) {
        ScenarioRunner.run(scenario, target);
        passed++;
        out.println("passed   " + scenario.name());
      } catch (ScenarioSkipped e) {
        skipped++;
        out.println("skipped  " + scenario.name() + ": " + e.reason());
      } catch (ScenarioFailure e) {
        failed++;
        out.println("failed   " + indented(e.getMessage()));
      } catch (RuntimeException e) {
        failed++;
        out.println("failed   " + scenario.name() + ": " + indented(String.valueOf(e.getMessage())));
      }
      out.flush();
    }
    out.printf(Locale.ROOT, "%d scenario%s against %s: %d passed, %d failed, %d skipped (%.1f s)%n",
        scenarios.size(), scenarios.size() == 1 ? "" : "s", describe(hub), passed, failed, skipped,
        (System.nanoTime() - started) / 1e9);
    out.flush();
    return failed > 0 ? FAILED : OK;
  }

  /**
   * Every scenario file, read before anything is sent: a folder's files are named from the folder
   * ({@code scenarios/files/apply.yaml} for folder {@code scenarios}), a file from its own folder.
   *
   * @throws IllegalArgumentException naming a missing path, a file that is no scenario, or a malformed scenario
   */
  static List<Scenario> read(List<Path> paths) {
    List<Scenario> out = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> files = ScenarioFiles.list(path);
        if (files.isEmpty()) {
          throw new IllegalArgumentException("no scenario files (*.yaml, *.yml, *.json) in " + path);
        }
        for (Path file : files) {
          out.add(ScenarioFiles.read(path, file));
        }
      } else if (Files.isRegularFile(path)) {
        Path folder = path.toAbsolutePath().normalize().getParent();
        out.add(ScenarioFiles.read(folder, path));
      } else {
        throw new IllegalArgumentException("no scenario file or folder at " + path);
      }
    }
    return out;
  }

  private String describe(ServiceTarget hub) {
    return (moduleId == null ? deviceId : deviceId + "/" + moduleId) + " on " + hub.endpoint();
  }

  /** A multi-line message with every line after the first indented under the first. */
  private static String indented(String message) {
    return message.replace("\n", "\n         ");
  }

  private int fail(int code, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("converge conformance: " + message);
    err.flush();
    return code;
  }
}
