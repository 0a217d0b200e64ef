package dev.converge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** README's run command: {@code converge demo}, as a new user runs it, with no arguments. */
class DemoCommandTest {

  @Test
  void the_demo_rolls_out_a_deployment_remediates_drift_and_leaves_nothing_running() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    Set<String> foldersBefore = demoFolders();
    CliRun run = CliRun.of("demo");

    assertThat(run.exit()).as("exit code; stderr: " + run.err()).isZero();
    assertThat(run.out())
        .contains("deployed ADM configuration 'welcome-v1' through the service API")
        .contains("files: succeeded (deployment welcome-v1)")
        .contains("changed /etc/motd behind the agent's back")
        .contains("drift detected and remediated")
        .contains("\"action\" : \"remediated\"")
        .contains("succeeded=1")
        .containsPattern("audit journal: \\d+ records \\(intent, outcome and drift\\), hash chain intact")
        .contains("Try next:");
    assertThat(demoFolders()).as("the demo's temporary folders are removed").isEqualTo(foldersBefore);
    // Netty's shared globalEventExecutor ends itself after a second of idleness; give such threads time to end.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (leftRunning(before).findAny().isPresent() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(leftRunning(before).toList()).as("threads the demo left running").isEmpty();
  }

  private static Set<String> demoFolders() {
    String[] names = new java.io.File(System.getProperty("java.io.tmpdir"))
        .list((dir, name) -> name.startsWith("converge-demo-"));
    return names == null ? Set.of() : Set.of(names);
  }

  private static java.util.stream.Stream<Thread> leftRunning(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
        .filter(t -> !t.isDaemon() || t.getName().startsWith("converge") || t.getName().contains("azure-iot-sdk"));
  }
}
