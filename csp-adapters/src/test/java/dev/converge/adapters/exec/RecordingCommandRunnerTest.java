package dev.converge.adapters.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.port.CommandRunner.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingCommandRunnerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void records_every_command_with_its_timeout() {
    RecordingCommandRunner runner = new RecordingCommandRunner();

    runner.run(List.of("systemctl", "restart", "chronyd"), TIMEOUT);
    runner.run(List.of("timedatectl"), Duration.ofSeconds(1));

    assertThat(runner.calls()).containsExactly(
        new RecordingCommandRunner.Call(List.of("systemctl", "restart", "chronyd"), TIMEOUT),
        new RecordingCommandRunner.Call(List.of("timedatectl"), Duration.ofSeconds(1)));
    assertThat(runner.commands()).containsExactly(List.of("systemctl", "restart", "chronyd"), List.of("timedatectl"));
  }

  @Test
  void answers_scripted_results_in_turn_and_repeats_the_last() {
    Result busy = new Result(1, "", "busy");
    Result done = new Result(0, "done", "");
    RecordingCommandRunner runner = new RecordingCommandRunner().respond(List.of("apt-get", "update"), busy, done);

    assertThat(runner.run(List.of("apt-get", "update"), TIMEOUT)).isEqualTo(busy);
    assertThat(runner.run(List.of("apt-get", "update"), TIMEOUT)).isEqualTo(done);
    assertThat(runner.run(List.of("apt-get", "update"), TIMEOUT)).isEqualTo(done);
  }

  @Test
  void answers_unscripted_commands_with_the_default_result() {
    RecordingCommandRunner runner = new RecordingCommandRunner();
    assertThat(runner.run(List.of("true"), TIMEOUT)).isEqualTo(new Result(0, "", ""));

    runner.respondByDefault(new Result(127, "", "not found"));

    assertThat(runner.run(List.of("missing"), TIMEOUT).exitCode()).isEqualTo(127);
  }
}
