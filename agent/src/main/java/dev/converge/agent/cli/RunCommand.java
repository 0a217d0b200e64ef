package dev.converge.agent.cli;

import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.config.ConfigException;
import dev.converge.agent.config.ConfigFile;
import dev.converge.agent.daemon.Agent;
import dev.converge.agent.runtime.SystemClock;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code converge run}: the device agent. Connects to IoT Hub with the configured identity and keeps the device equal
 * to its twin's desired state until stopped (SIGTERM from systemd, or Ctrl-C).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the device agent: connect to IoT Hub and keep this device equal to the desired state in its"
        + " twin, reporting status, errors and drift, until stopped (SIGTERM or Ctrl-C).",
        "The agent keeps retrying while the hub is unreachable; it exits only when stopped or the config is bad."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped (SIGTERM or Ctrl-C), or --check found the config valid",
        "2:the config file is missing or invalid (every problem is printed with file, line and property)",
        "70:one of the agent's threads died of an error (a bug or a broken install; systemd restarts the agent)"})
final class RunCommand implements Callable<Integer> {

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/converge/config.yaml",
      description = "The agent's config file. Default: ${DEFAULT-VALUE}.")
  Path config;

  @Option(names = "--check", description = "Check the config file, print what it resolves to, and exit.")
  boolean check;

  @Option(names = "--example-config", description = "Print a documented example config file and exit.")
  boolean exampleConfig;

  @Spec CommandSpec spec;

  /** Counted down to stop an agent started by a test in another thread. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (exampleConfig) {
      try (java.io.InputStream in = RunCommand.class.getResourceAsStream("/dev/converge/agent/config.example.yaml")) {
        out.print(new String(java.util.Objects.requireNonNull(in, "config.example.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
        return ExitCode.OK;
      }
    }
    AgentConfig cfg;
    try {
      cfg = ConfigFile.load(config);
    } catch (ConfigException e) {
      err.println("converge run: the config file cannot be used:");
      e.problems().forEach(p -> err.println("  " + p));
      err.flush();
      return ExitCode.USAGE;
    }
    if (check) {
      out.printf("config %s is valid:%n  identity   %s%n  twin       %s%s%n  root       %s%n  data       %s%n"
              + "  definitions %s%n  sdk        %s%n", config, cfg.identity(), cfg.twinMode().name().toLowerCase(),
          cfg.moduleId().map(m -> " (" + m + ")").orElse(""), cfg.root(), cfg.data(),
          cfg.definitions().isEmpty() ? "bundled" : cfg.definitions(), cfg.sdk());
      out.flush();
      return ExitCode.OK;
    }
    // Before the first logger exists: the daemon logs at the configured level (the CLI's default is warn).
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", cfg.logLevel());
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    Agent agent;
    try {
      agent = Agent.create(cfg, new SystemClock(), new Agent.AgentListener() {});
    } catch (IllegalArgumentException e) {
      err.println("converge run: " + config + ": " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    CountDownLatch closed = new CountDownLatch(1);
    // A thread of the agent dying of an Error (a broken install, a bug) must not leave a process that looks alive but
    // no longer reconciles: exit, so systemd restarts it (Restart=on-failure).
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      System.err.println("converge run: thread " + thread.getName() + " died: " + error);
      error.printStackTrace();
      if (error instanceof Error) { // an exception in some library thread is its own business; an Error is not
        Runtime.getRuntime().halt(ExitCode.INTERNAL);
      }
    });
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(30, java.util.concurrent.TimeUnit.SECONDS); // let the agent finish its journal and close
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "converge-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (agent) {
      agent.start();
      stop.await();
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running
      }
    }
    return ExitCode.OK;
  }
}
