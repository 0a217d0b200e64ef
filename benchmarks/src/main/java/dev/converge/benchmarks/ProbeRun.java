package dev.converge.benchmarks;

import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.twin.TwinSection;
import dev.converge.emulator.twin.TwinUpdate;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One child JVM ({@link ProbeProcess}) from start to idle: how long it takes from process start to its first full
 * state at the hub, and how much memory it holds once connected and idle.
 *
 * <p>Both sides get a fresh device identity whose desired properties already hold the same document (one file for
 * each generated capability), so both read the same twin, and the agent a fresh root and data folder (first boot).
 * The end of start-up is:
 *
 * <ul>
 *   <li>bare SDK: open, both subscriptions and the twin GET have returned (the child says {@code READY});
 *   <li>agent: the hub has accepted a reported patch in which every capability reports {@code succeeded} at the
 *       desired version: the first full reported twin of a device that has just applied its desired state.
 * </ul>
 *
 * Both are timed in this JVM from just before {@link ProcessBuilder#start()}. Then the child sits idle for
 * {@code settle}, runs two full GCs when told to, sits idle for {@code afterGc} more, and its {@code VmRSS} (with
 * {@code RssAnon}, {@code RssFile} and {@code Threads}) is read from {@code /proc/<pid>/status}.
 */
final class ProbeRun {

  enum Side {
    AGENT, BARE;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    String label() {
      return this == AGENT ? "agent" : "bare SDK";
    }
  }

  /** What every child of one benchmark run shares. */
  record Setup(Path dir, GeneratedCapabilities capabilities, Path definitions, Duration settle, Duration afterGc) {}

  /**
   * @param variant which set of JVM flags the child ran with
   * @param startupNanos process start to the end of start-up (see the class comment)
   * @param mainNanos process start to the child's {@code main} (JVM boot, the same work for both sides)
   * @param createdNanos process start to the child's {@code CREATED} (see {@link ProbeProcess})
   * @param readyNanos process start to the child's {@code READY}
   * @param nmtCommittedKb committed kB per Native Memory Tracking category, when the flags turned NMT on
   */
  record Result(Side side, String variant, long startupNanos, long mainNanos, long createdNanos, long readyNanos,
      long rssKb, long anonKb, long fileKb, long threads, Map<String, Long> nmtCommittedKb) {}

  private record Line(String text, long nanos) {}

  static final String NMT_FLAG = "-XX:NativeMemoryTracking=summary";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
  /** {@code -   Class (reserved=..KB, committed=..KB)} and {@code Total: reserved=..KB, committed=..KB}. */
  private static final Pattern NMT_LINE = Pattern.compile(
      "(?m)^[- ]*([A-Za-z][A-Za-z ]*?) *\\(?:? *\\(?reserved=\\d+KB, committed=(\\d+)KB");

  private ProbeRun() {}

  static Result run(LocalHub hub, Setup setup, Side side, String variant, String deviceId, List<String> jvmFlags)
      throws Exception {
    hub.createDevice(deviceId);
    IdentityId id = IdentityId.device(deviceId);
    TwinUpdate desired = hub.hub().twins().patchDesired(id, setup.capabilities().desired(), "*");
    if (!(desired instanceof TwinUpdate.Accepted accepted)) {
      throw new IllegalStateException("desired document refused: " + desired);
    }
    long version = accepted.version();
    List<String> groups = setup.capabilities().ids();
    CompletableFuture<Long> fullReport = new CompletableFuture<>();
    hub.hub().twins().addListener((who, update) -> {
      if (who.equals(id) && update.section() == TwinSection.REPORTED) {
        long now = System.nanoTime();
        if (groups.stream().allMatch(g -> AgentDevice.succeeded(update.twin().reported().get(g), version))) {
          fullReport.complete(now);
        }
      }
    });

    Path work = Files.createDirectories(setup.dir().resolve(deviceId));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", classPath(), ProbeProcess.class.getName(), side.word(), hub.caFile().toString()));
    if (side == Side.AGENT) {
      command.addAll(List.of(setup.definitions().toString(), work.resolve("root").toString(),
          work.resolve("data").toString()));
    }
    Path log = work.resolve("stderr.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectError(log.toFile());
    builder.environment().put(ProbeProcess.CONNECTION_STRING, hub.deviceConnectionString(deviceId));

    long start = System.nanoTime();
    Process child = builder.start();
    BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> read(child, lines), "probe-stdout-" + deviceId);
    reader.setDaemon(true);
    reader.start();
    try (OutputStream commands = child.getOutputStream()) {
      long main = await(lines, "MAIN", child, log) - start;
      long created = await(lines, "CREATED", child, log) - start;
      long ready = await(lines, "READY", child, log) - start;
      long startup = side == Side.BARE ? ready : fullReport.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) - start;
      Thread.sleep(setup.settle().toMillis());
      commands.write("gc\n".getBytes(StandardCharsets.US_ASCII));
      commands.flush();
      await(lines, "GC", child, log);
      Thread.sleep(setup.afterGc().toMillis());
      Map<String, Long> status = status(child.pid());
      Map<String, Long> nmt = jvmFlags.contains(NMT_FLAG) ? nativeMemory(child.pid(), work) : Map.of();
      commands.write("exit\n".getBytes(StandardCharsets.US_ASCII));
      commands.flush();
      return new Result(side, variant, startup, main, created, ready, status.get("VmRSS"), status.get("RssAnon"),
          status.get("RssFile"), status.get("Threads"), nmt);
    } finally {
      // A child that was told to exit may take a while: with -XX:ArchiveClassesAtExit it writes its archive first.
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroy();
        if (!child.waitFor(5, TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      }
    }
  }

  /** This JVM's class path with absolute entries: the child runs in its own folder. */
  private static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static void read(Process child, BlockingQueue<Line> lines) {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String text; (text = out.readLine()) != null; ) {
        lines.add(new Line(text.trim(), System.nanoTime()));
      }
    } catch (IOException e) {
      // the child is gone; await() notices
    }
    lines.add(new Line("", -1)); // end of output
  }

  /** When the child printed {@code word}; fails with the child's stderr if it exits or times out first. */
  private static long await(BlockingQueue<Line> lines, String word, Process child, Path log)
      throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (true) {
      Line line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null || line.nanos() < 0) {
        throw new IllegalStateException("child " + child.pid() + (line == null ? " timed out" : " exited")
            + " before saying " + word + "; its stderr:\n" + tail(log));
      }
      if (line.text().equals(word)) {
        return line.nanos();
      }
    }
  }

  /** {@code VmRSS}, {@code RssAnon}, {@code RssFile} (kB) and {@code Threads} from {@code /proc/<pid>/status}. */
  private static Map<String, Long> status(long pid) {
    Map<String, Long> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        String[] kv = line.split(":\\s+", 2);
        if (List.of("VmRSS", "RssAnon", "RssFile", "Threads").contains(kv[0])) {
          values.put(kv[0], Long.parseLong(kv[1].replace("kB", "").trim()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/status (Linux only)", e);
    }
    if (values.size() != 4) {
      throw new IllegalStateException("/proc/" + pid + "/status lacks VmRSS, RssAnon, RssFile or Threads: " + values);
    }
    return values;
  }

  /**
   * The committed size of each Native Memory Tracking category ({@code jcmd <pid> VM.native_memory summary}), in
   * kB; the full report is kept in {@code nmt.txt} in the child's folder.
   */
  private static Map<String, Long> nativeMemory(long pid, Path work) throws IOException, InterruptedException {
    Path out = work.resolve("nmt.txt");
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid), "VM.native_memory", "summary").redirectErrorStream(true).redirectOutput(out.toFile())
        .start();
    if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
      jcmd.destroyForcibly();
      throw new IllegalStateException("jcmd did not answer within 60 s");
    }
    Map<String, Long> committed = new LinkedHashMap<>();
    Matcher m = NMT_LINE.matcher(Files.readString(out));
    while (m.find()) {
      committed.put(m.group(1).trim(), Long.parseLong(m.group(2)));
    }
    return committed;
  }

  private static String tail(Path log) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }
}
