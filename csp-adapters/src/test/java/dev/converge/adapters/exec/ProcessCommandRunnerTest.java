package dev.converge.adapters.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.engine.port.CommandRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessCommandRunnerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void captures_standard_output_of_a_successful_command() {
    Result result = runner.run(List.of("echo", "hello", "device"), TIMEOUT);

    assertThat(result.isSuccess()).isTrue();
    assertThat(result.stdout()).isEqualTo("hello device\n");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void passes_arguments_without_a_shell() {
    Result result = runner.run(List.of("echo", "$HOME; rm -rf /"), TIMEOUT);

    assertThat(result.stdout()).isEqualTo("$HOME; rm -rf /\n");
  }

  @Test
  void reports_the_exit_code_and_standard_error_of_a_failing_command() {
    Result result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), TIMEOUT);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.isSuccess()).isFalse();
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void kills_a_command_that_outlives_its_timeout_and_keeps_its_output_so_far() {
    long start = System.nanoTime();

    Result result = runner.run(List.of("sh", "-c", "echo $$; sleep 30"), Duration.ofMillis(300));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stderr()).contains("timed out after PT0.3S");
    long pid = Long.parseLong(result.stdout().trim());
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void kills_the_children_of_a_command_that_times_out() throws IOException {
    Result result = runner.run(List.of("sh", "-c", "sleep 30 & echo $!; wait"), Duration.ofMillis(300));

    String child = result.stdout().trim();
    // SIGKILL is delivered asynchronously: the child may still show as running for a moment after the runner returns.
    long deadline = System.nanoTime() + 5_000_000_000L;
    String state = processState(child);
    while (!List.of("gone", "Z").contains(state) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      state = processState(child);
    }
    assertThat(state).isIn("gone", "Z");
  }

  /**
   * A process's state letter from {@code /proc}, or "gone". A killed orphan stays a zombie ({@code Z}) until
   * whichever process inherits it reaps it; {@link ProcessHandle#isAlive} counts zombies as alive.
   */
  private static String processState(String pid) throws IOException {
    Path stat = Path.of("/proc", pid, "stat");
    if (!Files.exists(stat)) {
      return "gone";
    }
    String text = Files.readString(stat);
    return text.substring(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
  }

  @Test
  void gives_exit_code_minus_one_when_the_program_cannot_start() {
    Result result = runner.run(List.of("/nonexistent/converge-no-such-program"), TIMEOUT);

    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).startsWith("cannot start /nonexistent/converge-no-such-program");
  }

  @Test
  void gives_the_command_no_input() {
    Result result = runner.run(List.of("cat"), TIMEOUT);

    assertThat(result.isSuccess()).isTrue();
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void keeps_at_most_the_capture_limit_of_output_and_still_lets_the_command_finish() {
    int total = ProcessCommandRunner.MAX_CAPTURE_BYTES * 2;

    Result result = runner.run(List.of("head", "-c", String.valueOf(total), "/dev/zero"), TIMEOUT);

    assertThat(result.isSuccess()).isTrue();
    assertThat(result.stdout()).hasSize(ProcessCommandRunner.MAX_CAPTURE_BYTES);
  }

  @Test
  void refuses_an_empty_command_or_a_timeout_that_is_not_positive() {
    assertThatThrownBy(() -> runner.run(List.of(), TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> runner.run(List.of("true"), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
