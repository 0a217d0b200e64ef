package dev.converge.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.converge.adapters.exec.ProcessCommandRunner;
import dev.converge.agent.journal.FileJournal;
import dev.converge.agent.runtime.AdapterCatalog;
import dev.converge.agent.runtime.DefinitionSet;
import dev.converge.agent.runtime.SystemClock;
import dev.converge.engine.Engine;
import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.AdapterContext;
import dev.converge.engine.port.AdapterInfo;
import dev.converge.engine.port.InMemoryTwinChannel;
import dev.converge.engine.port.Journal;
import dev.converge.engine.port.NodeAdapter;
import dev.converge.engine.port.NodeResult;
import dev.converge.engine.port.TwinChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where the agent's time goes between a desired patch and its reported patch, without the network: the agent's own
 * parts as {@link dev.converge.agent.daemon.Agent} wires them (bundled definitions, the adapters found on the class
 * path, {@link FileJournal} in a data folder, the real clock) on a temporary root, with an in-memory twin channel
 * in place of the SDK. Each port is wrapped in a stopwatch, so one engine pass splits into journal appends, adapter
 * writes and reads, and the engine's own work (validation, diff, plan, hash chain, report rendering).
 *
 * <p>The same JSON conversions the SDK connection makes ({@code dev.converge.agent.hub.TwinJson}: Gson text to
 * {@link NodeValue} for the desired patch, {@link NodeValue} to a {@link TwinCollection} for the reported one) are
 * timed on their own. Interleaved with the samples, a bare {@code write + force} of one journal-sized line in the same
 * folder gives the disk's fsync cost at that moment, for comparison.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar dev.converge.benchmarks.PassBreakdown [samples
 * [pauseMs]]}: 400 samples by default, after 40 warm-up passes, as many as {@link AgentOverhead} makes, so the JIT is
 * as warm as there; 50 ms between samples (the fsync probe runs halfway), so each pass finds the disk idle, as an
 * isolated patch does. A pause of 0 shows the disk queueing up.
 */
public final class PassBreakdown {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private PassBreakdown() {}

  /** Nanoseconds spent in a port since the last {@link #take()}. */
  private static final class Stopwatch {
    private long nanos;
    private int calls;

    <T> T time(java.util.function.Supplier<T> call) {
      long start = System.nanoTime();
      try {
        return call.get();
      } finally {
        nanos += System.nanoTime() - start;
        calls++;
      }
    }

    void run(Runnable call) {
      time(() -> {
        call.run();
        return null;
      });
    }

    long take() {
      long n = nanos;
      nanos = 0;
      calls = 0;
      return n;
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int pauseMs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int warmup = 40;
    Path dir = Files.createTempDirectory("pass-breakdown-");
    try {
      Stopwatch journalTime = new Stopwatch();
      Stopwatch writeTime = new Stopwatch();
      Stopwatch readTime = new Stopwatch();
      Stopwatch sendTime = new Stopwatch();

      FileJournal file = new FileJournal(dir.resolve("data/journal.jsonl"));
      Journal journal = new Journal() {
        @Override
        public void append(String record) {
          journalTime.run(() -> file.append(record));
        }

        @Override
        public List<String> records() {
          return file.records();
        }
      };
      InMemoryTwinChannel twin = new InMemoryTwinChannel();
      TwinChannel channel = new TwinChannel() {
        @Override
        public void onDesired(Consumer<DesiredUpdate> listener) {
          twin.onDesired(listener);
        }

        @Override
        public void onCommand(Function<CommandRequest, CommandResponse> handler) {
          twin.onCommand(handler);
        }

        @Override
        public CompletionStage<Void> sendReported(NodeValue.Obj patch) {
          return sendTime.time(() -> twin.sendReported(patch));
        }

        @Override
        public CompletionStage<DesiredUpdate> fetchDesired() {
          return twin.fetchDesired();
        }

        @Override
        public CompletionStage<NodeValue.Obj> fetchReported() {
          return twin.fetchReported();
        }
      };
      DefinitionSet definitions = DefinitionSet.bundled();
      AdapterCatalog catalog = AdapterCatalog.discover();
      CapabilityRegistry registry = definitions.resolve(catalog.ids());
      Path root = Files.createDirectories(dir.resolve("root"));
      SystemClock clock = new SystemClock();
      Engine.Builder builder = Engine.builder().capabilities(registry, definitions.problems()).channel(channel)
          .journal(journal).clock(clock);
      catalog.openAll(new AdapterContext(root.toString(), clock, new ProcessCommandRunner(), Map.of()))
          .forEach((id, adapter) -> builder.adapter(id, timed(adapter, writeTime, readTime)));
      Path probe = Files.createDirectories(dir.resolve("data")).resolve("fsync-probe");
      Map<String, List<Long>> phases = new LinkedHashMap<>();
      for (String phase : List.of("pass (runUntilIdle)", "  journal appends", "  adapter writes", "  adapter reads",
          "  report send (in memory)", "  engine's own work", "receive (merge patch, queue)",
          "JSON desired: SDK text -> NodeValue", "JSON reported: NodeValue -> TwinCollection",
          "bare fsync of one line (same disk)")) {
        phases.put(phase, new ArrayList<>());
      }
      try (Engine engine = builder.build();
          FileChannel fsyncProbe = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        engine.start();
        engine.runUntilIdle();
        for (int i = 0; i < warmup + samples; i++) {
          NodeValue.Obj patch = (NodeValue.Obj) NodeValue.fromJson(AgentOverhead.patch(i));
          String sdkText = JSON.writeValueAsString(AgentOverhead.patch(i));
          journalTime.take();
          writeTime.take();
          readTime.take();
          sendTime.take();
          long t0 = System.nanoTime();
          NodeValue.Obj fromSdk = (NodeValue.Obj) NodeValue.fromJson(JSON.readTree(sdkText));
          long t1 = System.nanoTime();
          twin.patchDesired(fromSdk);
          long t2 = System.nanoTime();
          engine.runUntilIdle();
          long t3 = System.nanoTime();
          NodeValue.Obj reported = twin.reportedPatches().get(twin.reportedPatches().size() - 1);
          long t4 = System.nanoTime();
          TwinCollection out = new TwinCollection();
          JSON.convertValue(reported.toJson(), MAP).forEach(out::put);
          long t5 = System.nanoTime();
          Thread.sleep(pauseMs / 2);
          long force = fsync(fsyncProbe);
          Thread.sleep(pauseMs / 2);
          long j = journalTime.take();
          long w = writeTime.take();
          long r = readTime.take();
          long s = sendTime.take();
          if (i < warmup) {
            continue;
          }
          if (!patch.equals(fromSdk) || out.isEmpty()) {
            throw new IllegalStateException("conversion lost something");
          }
          long pass = t3 - t2;
          add(phases, "pass (runUntilIdle)", pass);
          add(phases, "  journal appends", j);
          add(phases, "  adapter writes", w);
          add(phases, "  adapter reads", r);
          add(phases, "  report send (in memory)", s);
          add(phases, "  engine's own work", pass - j - w - r - s);
          add(phases, "receive (merge patch, queue)", t2 - t1);
          add(phases, "JSON desired: SDK text -> NodeValue", t1 - t0);
          add(phases, "JSON reported: NodeValue -> TwinCollection", t5 - t4);
          add(phases, "bare fsync of one line (same disk)", force);
        }
        String written = Files.readString(root.resolve("bench/sample.txt"));
        if (!written.equals("sample " + (warmup + samples - 1) + "\n")) {
          throw new IllegalStateException("the file was not written: " + written);
        }
      }
      System.out.printf(Locale.ROOT, "%n== One desired patch through the agent's parts, no network: %d samples after %d"
          + " warm-up ==%n", samples, warmup);
      System.out.printf(Locale.ROOT, "%-44s %9s %9s %9s %9s%n", "phase (ms)", "p50", "mean", "p90", "min");
      phases.forEach((phase, nanos) -> {
        Samples s = Samples.of(nanos);
        double mean = nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        System.out.printf(Locale.ROOT, "%-44s %9.3f %9.3f %9.3f %9.3f%n", phase, s.millis(50), mean, s.millis(90),
            s.millis(0));
      });
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void add(Map<String, List<Long>> phases, String phase, long nanos) {
    phases.get(phase).add(nanos);
  }

  private static long fsync(FileChannel channel) throws IOException {
    ByteBuffer line = ByteBuffer.wrap((" ".repeat(200) + "\n").getBytes(StandardCharsets.US_ASCII));
    long start = System.nanoTime();
    while (line.hasRemaining()) {
      channel.write(line);
    }
    channel.force(true);
    return System.nanoTime() - start;
  }

  private static NodeAdapter timed(NodeAdapter adapter, Stopwatch writes, Stopwatch reads) {
    return new NodeAdapter() {
      @Override
      public AdapterInfo describe() {
        return adapter.describe();
      }

      @Override
      public NodeResult get(NodePath path) {
        return reads.time(() -> adapter.get(path));
      }

      @Override
      public Map<NodePath, NodeResult> getAll(java.util.Collection<NodePath> paths) {
        return reads.time(() -> adapter.getAll(paths));
      }

      @Override
      public NodeResult replace(NodePath path, NodeValue value) {
        return writes.time(() -> adapter.replace(path, value));
      }

      @Override
      public NodeResult add(NodePath path, NodeValue value) {
        return writes.time(() -> adapter.add(path, value));
      }

      @Override
      public NodeResult delete(NodePath path) {
        return writes.time(() -> adapter.delete(path));
      }

      @Override
      public NodeResult exec(NodePath path, NodeValue payload) {
        return writes.time(() -> adapter.exec(path, payload));
      }

      @Override
      public boolean predictsOutcome(NodePath path) {
        return adapter.predictsOutcome(path);
      }

      @Override
      public void close() {
        adapter.close();
      }
    };
  }
}
