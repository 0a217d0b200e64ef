package dev.converge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.emulator.local.HubConfig;
import dev.converge.emulator.local.LocalHub;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * What the agent costs on top of the bare device SDK, measured in one run, side by side, against one local hub in
 * this JVM:
 *
 * <ol>
 *   <li><b>Latency</b>: desired patch written at the hub → the hub accepts the reported patch that answers it; for
 *       the agent, the one in which the {@code files} group reports {@code succeeded} for that desired version. The
 *       agent ({@link AgentDevice}: one file changed per sample on a temporary root) and the bare SDK echo
 *       ({@link BareDevice}) run in this JVM with the same SDK tuning (the agent's defaults), in alternating rounds.
 *       Targets: p50 ratio ≤ 1.5×, agent p50 ≤ 10 ms.
 *   <li><b>Idle RSS</b>: the agent with 10 capabilities, all applied, against a connected bare SDK client, each in
 *       its own child JVM with the same flags ({@link ProbeRun}). Target: ratio of medians ≤ 1.3×.
 *   <li><b>Start-up</b>: process start → first full reported twin (agent) against process start → open and twin GET
 *       returned (bare SDK), in the same child JVMs. Target: ratio of medians ≤ 1.5×.
 * </ol>
 *
 * <p>The child JVMs run twice over, alternating: with {@linkplain #PLAIN_FLAGS the systemd unit's flags}, and with
 * an application class-data archive added (made by one training run per side, {@code -XX:ArchiveClassesAtExit}
 * then {@code -XX:SharedArchiveFile}), which we recommend but do not install.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.converge.benchmarks.AgentOverhead [options]}:
 *
 * <ul>
 *   <li>{@code --quick}: a smoke run (a few samples, one plain child of each side); its figures are not worth quoting;
 *   <li>{@code --only latency|children}: one part only;
 *   <li>{@code --pause MIN-MAX}: milliseconds between latency samples, uniformly drawn (default 50-100);
 *   <li>{@code --nmt}: Native Memory Tracking in every child, and a table of what differs (diagnostic: NMT itself
 *       costs memory);
 *   <li>{@code --bind 127.0.0.N}: the hub's address (default {@code 127.0.0.78}; port 8883 is fixed by the SDK).
 * </ul>
 *
 * System properties {@code -DchildFlags="..."} (appended to every child's flags) and {@code -Dkeep=true} (keep the
 * temporary folder with every child's stderr) help diagnose. Linux only: it reads {@code /proc}.
 *
 * <p>Every verdict is a ratio of medians measured in the same run, so machine noise mostly cancels; the absolute
 * figures are printed for reading, not for judging.
 */
public final class AgentOverhead {

  static final double LATENCY_RATIO_TARGET = 1.5;
  static final double LATENCY_P50_TARGET_MS = 10;
  static final double RSS_RATIO_TARGET = 1.3;
  static final double STARTUP_RATIO_TARGET = 1.5;
  static final int CAPABILITIES = 10;
  /**
   * The child JVMs' flags, the same for both sides: those of the agent's systemd unit
   * ({@code packaging/converge.service}) and the agent's default log level, plus an initial heap of 16 MB. The unit
   * sets none, so the JVM starts with 1/64 of the machine's memory: 16 MB on a 1 GB device, but the whole 96 MB
   * here (a 23 GB machine), all of it touched before the first collection, which would make the figures depend on
   * the machine that runs the benchmark.
   */
  static final List<String> PLAIN_FLAGS = List.of("-Xms16m", "-Xmx96m", "-XX:+UseSerialGC",
      "-XX:+ExitOnOutOfMemoryError", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=2000",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
  static final String PLAIN = "plain";
  static final String TUNED = "tuned";
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
  private static final String SAMPLE_FILE = "/bench/sample.txt";

  /** How much to measure. */
  record Plan(boolean quick, int warmup, int rounds, int perRound, int pauseMin, int pauseMax, int childRuns,
      List<String> variants, Duration settle, String bind, String only, boolean nmt) {

    static Plan parse(List<String> args) {
      boolean quick = args.contains("--quick");
      String only = option(args, "--only", "");
      if (!List.of("", "latency", "children").contains(only)) {
        throw new IllegalArgumentException("--only takes latency or children, not " + only);
      }
      String[] pause = option(args, "--pause", "50-100").split("-", 2);
      int pauseMin = Integer.parseInt(pause[0]);
      int pauseMax = pause.length > 1 ? Integer.parseInt(pause[1]) : pauseMin;
      if (pauseMin < 0 || pauseMax < pauseMin) {
        throw new IllegalArgumentException("--pause takes MIN-MAX milliseconds, MIN <= MAX");
      }
      String bind = option(args, "--bind", "127.0.0.78");
      boolean nmt = args.contains("--nmt");
      return quick
          ? new Plan(true, 10, 2, 10, pauseMin, pauseMax, 1, List.of(PLAIN), Duration.ofSeconds(1), bind, only, nmt)
          : new Plan(false, 40, 10, 40, pauseMin, pauseMax, 5, List.of(PLAIN, TUNED), Duration.ofSeconds(3), bind,
              only, nmt);
    }

    private static String option(List<String> args, String name, String otherwise) {
      int at = args.indexOf(name);
      return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : otherwise;
    }

    boolean runs(String part) {
      return only.isEmpty() || only.equals(part);
    }

    /** The flags of one variant, without the class-data archive (which is per side). */
    List<String> flags(String variant) {
      List<String> flags = new ArrayList<>(PLAIN_FLAGS); // the unit's flags include native heap trimming

      if (nmt) {
        flags.add(ProbeRun.NMT_FLAG);
      }
      String extra = System.getProperty("childFlags", "").trim();
      if (!extra.isEmpty()) {
        flags.addAll(List.of(extra.split("\\s+")));
      }
      return flags;
    }
  }

  /** Part 1's figures. */
  record Latency(Map<String, Samples> roundTrips, Samples fsync, double engineCpuMillisPerPatch) {}

  private AgentOverhead() {}

  public static void main(String[] args) throws Exception {
    run(List.of(args), System.out);
  }

  /** Runs the benchmark and prints its tables to {@code out}; what {@link #main} does. */
  static void run(List<String> args, PrintStream out) throws Exception {
    // Before the first logger exists: the agent logs each applied write at INFO, and printing it would be timed.
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, "warn");
    }
    Plan plan = Plan.parse(args);
    Path dir = Files.createTempDirectory("agent-overhead-");
    try (LocalHub hub = LocalHub.start(HubConfig.defaults(dir.resolve("hub")).withBindAddress(plan.bind())
        .withHttpsPorts(0, 0))) {
      @Nullable Latency latency = plan.runs("latency") ? latency(hub, dir, plan) : null;
      List<ProbeRun.Result> children = plan.runs("children") ? children(hub, dir, plan) : List.of();
      report(out, plan, latency, children);
    } finally {
      if (Boolean.getBoolean("keep")) {
        out.println("kept " + dir);
      } else {
        delete(dir);
      }
    }
  }

  /** Part 1: alternating rounds of round trips, agent and bare SDK in this JVM. */
  static Latency latency(LocalHub hub, Path dir, Plan plan) throws Exception {
    Map<String, List<Long>> times = new LinkedHashMap<>();
    List<Long> fsyncs = new ArrayList<>();
    long engineCpu;
    try (AgentDevice agent = AgentDevice.start(hub, "latency-agent", dir.resolve("latency-agent"));
        BareDevice bare = BareDevice.connect(hub, "latency-bare");
        FileChannel probe = FileChannel.open(dir.resolve("latency-agent/data/fsync-probe"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      List<LatencyProbe> both = List.of(agent, bare);
      both.forEach(p -> times.put(p.label(), new ArrayList<>()));
      Random pauses = new Random(42);
      int sample = 0;
      for (int i = 0; i < plan.warmup(); i++) {
        for (LatencyProbe p : both) {
          p.roundTrip(patch(++sample));
          pause(plan, pauses, probe, new ArrayList<>());
        }
      }
      String written = Files.readString(agent.root().resolve(SAMPLE_FILE.substring(1)));
      if (!written.equals(content(sample - 1))) {
        throw new IllegalStateException("the agent did not write the file: " + written);
      }
      long cpuBefore = engineCpuNanos();
      for (int r = 0; r < plan.rounds(); r++) {
        List<LatencyProbe> order = r % 2 == 0 ? both : List.of(bare, agent);
        for (LatencyProbe p : order) {
          for (int i = 0; i < plan.perRound(); i++) {
            times.get(p.label()).add(p.roundTrip(patch(++sample)));
            pause(plan, pauses, probe, fsyncs);
          }
        }
      }
      engineCpu = engineCpuNanos() - cpuBefore;
    }
    Map<String, Samples> out = new LinkedHashMap<>();
    times.forEach((label, t) -> out.put(label, Samples.of(t)));
    return new Latency(out, Samples.of(fsyncs), engineCpu / 1e6 / out.get("agent").count());
  }

  /** The desired patch of sample {@code n}: one managed file whose content changes every time. */
  static JsonNode patch(int n) {
    ObjectNode doc = LatencyProbe.JSON.createObjectNode();
    ObjectNode item = doc.putObject(AgentDevice.GROUP).putObject("sample");
    item.put("path", SAMPLE_FILE);
    item.put("content", content(n));
    item.put("mode", "0644");
    return doc;
  }

  private static String content(int n) {
    return "sample " + n + "\n";
  }

  /**
   * The pause between samples, the same for both sides: a device is not sent patches back to back, and a pause of
   * 50 ms or more lets the SDK's receive task go idle (it waits {@code receiveInterval} after each message it
   * handles), so each patch is delivered as an isolated one would be. Halfway through, one journal-sized line is
   * written and forced in the agent's data folder: the disk's fsync cost at that moment.
   */
  private static void pause(Plan plan, Random random, FileChannel probe, List<Long> fsyncs)
      throws InterruptedException, IOException {
    int ms = plan.pauseMin() + random.nextInt(plan.pauseMax() - plan.pauseMin() + 1);
    Thread.sleep(ms / 2);
    ByteBuffer line = ByteBuffer.wrap((" ".repeat(200) + "\n").getBytes(StandardCharsets.US_ASCII));
    long start = System.nanoTime();
    while (line.hasRemaining()) {
      probe.write(line);
    }
    probe.force(true);
    fsyncs.add(System.nanoTime() - start);
    Thread.sleep(ms - ms / 2);
  }

  /** CPU time of the agent's engine thread so far. */
  private static long engineCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("converge-engine"))
        .mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum();
  }

  /**
   * Parts 2 and 3: child JVMs, run by run; within a run each variant, and within a variant both sides, the first
   * side alternating. The tuned variant first makes one class-data archive per side with a training run.
   */
  static List<ProbeRun.Result> children(LocalHub hub, Path dir, Plan plan) throws Exception {
    GeneratedCapabilities capabilities = GeneratedCapabilities.write(dir.resolve("definitions"), CAPABILITIES);
    ProbeRun.Setup setup = new ProbeRun.Setup(dir, capabilities, dir.resolve("definitions"), plan.settle(),
        Duration.ofMillis(2500));
    if (plan.variants().contains(TUNED)) {
      for (ProbeRun.Side side : ProbeRun.Side.values()) {
        List<String> training = new ArrayList<>(plan.flags(TUNED));
        training.add("-XX:ArchiveClassesAtExit=" + archive(dir, side));
        ProbeRun.run(hub, setup, side, "training", side.word() + "-training", training);
      }
    }
    List<ProbeRun.Result> results = new ArrayList<>();
    int n = 0;
    for (int run = 0; run < plan.childRuns(); run++) {
      for (String variant : plan.variants()) {
        List<ProbeRun.Side> order = n++ % 2 == 0 ? List.of(ProbeRun.Side.AGENT, ProbeRun.Side.BARE)
            : List.of(ProbeRun.Side.BARE, ProbeRun.Side.AGENT);
        for (ProbeRun.Side side : order) {
          List<String> flags = new ArrayList<>(plan.flags(variant));
          if (variant.equals(TUNED)) {
            flags.add("-XX:SharedArchiveFile=" + archive(dir, side));
          }
          results.add(ProbeRun.run(hub, setup, side, variant, side.word() + "-" + variant + "-" + run, flags));
        }
      }
    }
    return results;
  }

  private static Path archive(Path dir, ProbeRun.Side side) {
    return dir.resolve(side.word() + ".jsa");
  }

  static void report(PrintStream out, Plan plan, @Nullable Latency latency, List<ProbeRun.Result> children) {
    out.printf(Locale.ROOT, "%n== Converge agent vs bare device SDK%s ==%n",
        plan.quick() ? " (--quick: smoke run, do not quote)" : "");
    out.printf(Locale.ROOT, "local hub in this JVM on %s:8883; device SDK 2.5.0, tuned alike for both sides as the"
        + " agent tunes it: send interval 1 ms, receive interval 10 ms, TCP_NODELAY, keep-alive 60 s%n", plan.bind());
    List<String> summary = new ArrayList<>();

    if (latency != null) {
      Samples agent = latency.roundTrips().get("agent");
      Samples bare = latency.roundTrips().get("bare SDK");
      out.printf(Locale.ROOT, "%n1. desired patch -> reported patch accepted at the hub (agent: 'succeeded' for that"
          + " version), ms%n   %d samples each, %d alternating rounds, after %d warm-up each; %d-%d ms between"
          + " samples%n", agent.count(), plan.rounds(), plan.warmup(), plan.pauseMin(), plan.pauseMax());
      out.printf(Locale.ROOT, "   %-10s %8s %8s %8s %8s%n", "", "p50", "p90", "p99", "min");
      latency.roundTrips().forEach((label, s) -> out.printf(Locale.ROOT, "   %-10s %8.2f %8.2f %8.2f %8.2f%n", label,
          s.millis(50), s.millis(90), s.millis(99), s.millis(0)));
      out.printf(Locale.ROOT, "   agent engine thread CPU per patch: %.2f ms (mean); write + fsync of one 200-byte line"
          + " on the agent's disk: p50 %.2f ms, p90 %.2f ms (one patch forces 4 times: journal intent, file data,"
          + " folder, journal outcome)%n", latency.engineCpuMillisPerPatch(), latency.fsync().millis(50),
          latency.fsync().millis(90));
      double ratio = (double) agent.median() / bare.median();
      summary.add(row("1. desired -> succeeded, p50", ms(agent.millis(50)), ms(bare.millis(50)), ratio,
          LATENCY_RATIO_TARGET));
      summary.add(String.format(Locale.ROOT, "%-34s %10s %10s %8s %9s  %s", "   agent p50 on its own",
          ms(agent.millis(50)), "", "", "<= " + (int) LATENCY_P50_TARGET_MS + " ms",
          agent.millis(50) <= LATENCY_P50_TARGET_MS ? "PASS" : "MISS"));
    }

    if (!children.isEmpty()) {
      out.printf(Locale.ROOT, "%n2./3. child JVMs, %d run(s) of each side per variant, alternating; medians; agent: %d"
          + " capabilities, all applied%n", plan.childRuns(), CAPABILITIES);
      for (String variant : plan.variants()) {
        out.printf(Locale.ROOT, "   %s: %s%s%n", variant, String.join(" ", plan.flags(variant)),
            variant.equals(TUNED) ? " -XX:SharedArchiveFile=<side>.jsa" : "");
      }
      out.printf(Locale.ROOT, "   %-16s %13s %6s %8s %6s %9s %8s %8s %8s%n", "(ms, MB)", "start->full", "main",
          "created", "READY", "VmRSS", "RssAnon", "RssFile", "threads");
      for (String variant : plan.variants()) {
        for (ProbeRun.Side side : ProbeRun.Side.values()) {
          List<ProbeRun.Result> rs = select(children, variant, side);
          out.printf(Locale.ROOT, "   %-16s %13.0f %6.0f %8.0f %6.0f %9.1f %8.1f %8.1f %8d%n",
              variant + " " + side.label(), median(rs, ProbeRun.Result::startupNanos) / 1e6,
              median(rs, ProbeRun.Result::mainNanos) / 1e6, median(rs, ProbeRun.Result::createdNanos) / 1e6,
              median(rs, ProbeRun.Result::readyNanos) / 1e6, median(rs, ProbeRun.Result::rssKb) / 1024.0,
              median(rs, ProbeRun.Result::anonKb) / 1024.0, median(rs, ProbeRun.Result::fileKb) / 1024.0,
              median(rs, ProbeRun.Result::threads));
        }
      }
      out.printf(Locale.ROOT, "   start->full ends for the agent when the hub accepts the report with every group"
          + " 'succeeded', for the bare SDK when open, subscriptions and the twin GET have returned; both from"
          + " process start%n");
      if (plan.nmt()) {
        nativeMemory(out, select(children, PLAIN, ProbeRun.Side.AGENT), select(children, PLAIN, ProbeRun.Side.BARE));
      }
      for (String variant : plan.variants()) {
        List<ProbeRun.Result> a = select(children, variant, ProbeRun.Side.AGENT);
        List<ProbeRun.Result> b = select(children, variant, ProbeRun.Side.BARE);
        long rssA = median(a, ProbeRun.Result::rssKb);
        long rssB = median(b, ProbeRun.Result::rssKb);
        summary.add(row("2. idle RSS, " + variant + " flags", mb(rssA), mb(rssB), (double) rssA / rssB,
            RSS_RATIO_TARGET));
      }
      for (String variant : plan.variants()) {
        long startA = median(select(children, variant, ProbeRun.Side.AGENT), ProbeRun.Result::startupNanos);
        long startB = median(select(children, variant, ProbeRun.Side.BARE), ProbeRun.Result::startupNanos);
        summary.add(row("3. start->full report, " + variant, ms(startA / 1e6), ms(startB / 1e6),
            (double) startA / startB, STARTUP_RATIO_TARGET));
      }
    }

    out.printf(Locale.ROOT, "%n%-34s %10s %10s %8s %9s  %s%n", "", "agent", "bare SDK", "ratio", "target",
        "verdict");
    summary.forEach(out::println);
  }

  private static String row(String what, String agent, String bare, double ratio, double target) {
    return String.format(Locale.ROOT, "%-34s %10s %10s %7.2fx %9s  %s", what, agent, bare, ratio,
        "<= " + target + "x", ratio <= target ? "PASS" : "MISS");
  }

  private static String ms(double millis) {
    return millis >= 100 ? String.format(Locale.ROOT, "%.0f ms", millis)
        : String.format(Locale.ROOT, "%.2f ms", millis);
  }

  private static String mb(long kb) {
    return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
  }

  private static List<ProbeRun.Result> select(List<ProbeRun.Result> results, String variant, ProbeRun.Side side) {
    return results.stream().filter(r -> r.variant().equals(variant) && r.side() == side).toList();
  }

  /** Native Memory Tracking, committed MB per category (medians), where the sides differ by 256 kB or more. */
  private static void nativeMemory(PrintStream out, List<ProbeRun.Result> agent, List<ProbeRun.Result> bare) {
    out.printf(Locale.ROOT, "%n   Native Memory Tracking, plain flags, committed MB (medians; NMT itself costs"
        + " memory)%n   %-28s %9s %9s %9s%n", "category", "agent", "bare SDK", "diff");
    Set<String> categories = new LinkedHashSet<>();
    agent.forEach(r -> categories.addAll(r.nmtCommittedKb().keySet()));
    for (String c : categories) {
      long a = median(agent, r -> r.nmtCommittedKb().getOrDefault(c, 0L));
      long b = median(bare, r -> r.nmtCommittedKb().getOrDefault(c, 0L));
      if (c.equals("Total") || Math.abs(a - b) >= 256) {
        out.printf(Locale.ROOT, "   %-28s %9.1f %9.1f %+9.1f%n", c.equals("mmap") ? "(all mmap)" : c, a / 1024.0,
            b / 1024.0, (a - b) / 1024.0);
      }
    }
  }

  private static long median(List<ProbeRun.Result> results, ToLongFunction<ProbeRun.Result> value) {
    return Samples.of(results.stream().map(value::applyAsLong).toList()).median();
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
