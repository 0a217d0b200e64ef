package dev.converge.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link ReconcileBenchmark} and prints the verdict: the no-op reconcile against the Jackson parse of the
 * same document (target ≤ 2×), and the time of a one-property change.
 *
 * <p>Usage: {@code java -jar benchmarks/target/benchmarks.jar [--quick] [JMH options]}. {@code --quick} is a smoke
 * run (seconds, not minutes; its figures are not worth quoting). Any other argument goes to JMH unchanged, e.g.
 * {@code -prof gc} or {@code -prof stack}, or a benchmark name pattern to run only some; options given there win
 * over the defaults set here.
 *
 * <p>The ratio is the figure to quote: both sides run in the same JVM build, on the same machine, minutes apart.
 * Medians, not means, because the machines these run on are shared and a few slow samples move a mean.
 */
public final class BenchmarkMain {

  static final double TARGET_RATIO = 2.0;
  private static final String PREFIX = ReconcileBenchmark.class.getName() + ".";

  private BenchmarkMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    boolean quick = false;
    List<String> jmhArgs = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--quick")) {
        quick = true;
      } else {
        jmhArgs.add(a);
      }
    }
    CommandLineOptions given;
    try {
      given = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      System.err.println("benchmarks: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (given.shouldHelp() || given.shouldList() || given.shouldListWithParams() || given.shouldListProfilers()
        || given.shouldListResultFormats()) {
      Main.main(jmhArgs.toArray(String[]::new)); // JMH's own answer; it exits
      return;
    }

    ChainedOptionsBuilder options = new OptionsBuilder().parent(given);
    if (given.getIncludes().isEmpty()) {
      options.include(ReconcileBenchmark.class.getName());
    }
    if (quick) {
      defaults(options, given, 2, 1, 2, 1);
    } else {
      // About 30 s per benchmark: enough for C2 to settle on all three, short enough for a shared machine.
      defaults(options, given, 5, 2, 8, 2);
    }
    if (!given.getJvmArgsAppend().hasValue()) {
      // A fixed heap keeps GC sizing out of the comparison; WARN keeps the per-write INFO line out of the timing.
      options.jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    }

    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println(summary(results, quick));
  }

  private static void defaults(ChainedOptionsBuilder options, CommandLineOptions given, int warmups,
      int warmupSeconds, int measurements, int measurementSeconds) {
    if (!given.getWarmupIterations().hasValue()) {
      options.warmupIterations(warmups);
    }
    if (!given.getWarmupTime().hasValue()) {
      options.warmupTime(TimeValue.seconds(warmupSeconds));
    }
    if (!given.getMeasurementIterations().hasValue()) {
      options.measurementIterations(measurements);
    }
    if (!given.getMeasurementTime().hasValue()) {
      options.measurementTime(TimeValue.seconds(measurementSeconds));
    }
  }

  static String summary(Collection<RunResult> results, boolean quick) {
    Map<String, RunResult> byName = new TreeMap<>();
    for (RunResult r : results) {
      byName.put(r.getParams().getBenchmark().replace(PREFIX, ""), r);
    }
    StringBuilder out = new StringBuilder("\n== Converge engine benchmark summary");
    out.append(quick ? " (--quick: smoke run, do not quote)" : "").append(" ==\n");
    out.append(String.format(Locale.ROOT, "%-20s %10s %10s %10s %10s %9s %s%n", "benchmark", "median", "min",
        "mean", "± error", "samples", "unit"));
    byName.forEach((name, r) -> {
      Result<?> primary = r.getPrimaryResult();
      Statistics s = primary.getStatistics();
      out.append(String.format(Locale.ROOT, "%-20s %10.1f %10.1f %10.1f %10.1f %9d %s%s%n", name,
          s.getPercentile(50), s.getMin(), primary.getScore(), primary.getScoreError(), s.getN(),
          primary.getScoreUnit(), allocation(r)));
    });

    Optional<Double> reconcile = median(byName, "noOpReconcile");
    Optional<Double> parse = median(byName, "jacksonParse");
    if (reconcile.isPresent() && parse.isPresent()) {
      double ratio = reconcile.get() / parse.get();
      out.append(String.format(Locale.ROOT, "%nno-op reconcile / Jackson parse (medians): %.2f×, target ≤ %.1f×: %s%n",
          ratio, TARGET_RATIO, ratio <= TARGET_RATIO ? "PASS" : "FAIL"));
      // The fastest samples are the least disturbed by neighbours on a shared machine: a cross-check, not the verdict.
      out.append(String.format(Locale.ROOT, "  (ratio of the fastest samples: %.2f×)%n",
          byName.get("noOpReconcile").getPrimaryResult().getStatistics().getMin()
              / byName.get("jacksonParse").getPrimaryResult().getStatistics().getMin()));
    } else {
      out.append("\nratio not computed: run both noOpReconcile and jacksonParse\n");
    }
    median(byName, "driftScan").ifPresent(m -> out.append(String.format(Locale.ROOT,
        "drift scan (every node re-read from the device and diffed), median: %.1f us%n", m)));
    median(byName, "onePropertyChange").ifPresent(m -> out.append(String.format(Locale.ROOT,
        "one-property change (patch, validate group, write, report), median: %.1f us%n", m)));
    return out.toString();
  }

  private static Optional<Double> median(Map<String, RunResult> byName, String name) {
    return Optional.ofNullable(byName.get(name)).map(r -> r.getPrimaryResult().getStatistics().getPercentile(50));
  }

  /** Bytes allocated per call, when the run had {@code -prof gc}. */
  private static String allocation(RunResult r) {
    Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
    return norm == null ? "" : String.format(Locale.ROOT, "   (%.0f B/op allocated)", norm.getScore());
  }
}
