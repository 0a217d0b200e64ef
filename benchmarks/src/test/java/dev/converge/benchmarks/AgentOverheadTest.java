package dev.converge.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.emulator.testing.LocalHubExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent-overhead command in {@code --quick} mode (about 20 s: a local hub, an agent and a bare client in this
 * JVM, one child JVM of each side). Asserts only that it completes and prints its three ratios: timings depend on
 * the machine and on whatever else runs, so no figure is checked here.
 */
class AgentOverheadTest {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void quick_run_completes_and_prints_the_three_ratios() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      AgentOverhead.run(List.of("--quick", "--bind", "127.0.0." + LocalHubExtension.nextAddressSuffix()), out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(printed)
        .containsPattern("(?m)^1\\. desired -> succeeded, p50 .* \\d+\\.\\d\\dx .* (PASS|MISS)$")
        .containsPattern("(?m)^2\\. idle RSS, plain flags .* \\d+\\.\\d\\dx .* (PASS|MISS)$")
        .containsPattern("(?m)^3\\. start->full report, plain .* \\d+\\.\\d\\dx .* (PASS|MISS)$");
  }
}
