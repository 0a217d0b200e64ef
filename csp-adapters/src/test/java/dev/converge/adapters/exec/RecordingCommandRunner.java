package dev.converge.adapters.exec;

import dev.converge.engine.port.CommandRunner;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link CommandRunner} for adapter tests: records every command and answers with scripted results, without
 * starting a process.
 *
 * <p>Script answers with {@link #respond}: results for one exact command are given in turn, and the last one
 * repeats. A command with no script gets the default answer, exit code 0 with no output, unless
 * {@link #respondByDefault} changes it. Thread-safe.
 */
public final class RecordingCommandRunner implements CommandRunner {

  /** One recorded call. */
  public record Call(List<String> command, Duration timeout) {
    public Call {
      command = List.copyOf(command);
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private final List<Call> calls = new ArrayList<>();
  private final Map<List<String>, Deque<Result>> scripts = new HashMap<>();
  private Result fallback = new Result(0, "", "");

  /** Answers {@code command} with {@code results} in turn; the last one repeats. Replaces an earlier script. */
  public synchronized RecordingCommandRunner respond(List<String> command, Result... results) {
    if (results.length == 0) {
      throw new IllegalArgumentException("script at least one result for " + command);
    }
    scripts.put(List.copyOf(command), new ArrayDeque<>(List.of(results)));
    return this;
  }

  /** Answers every command that has no script with {@code result}. */
  public synchronized RecordingCommandRunner respondByDefault(Result result) {
    this.fallback = Objects.requireNonNull(result, "result");
    return this;
  }

  @Override
  public synchronized Result run(List<String> command, Duration timeout) {
    calls.add(new Call(command, timeout));
    Deque<Result> script = scripts.get(List.copyOf(command));
    if (script == null) {
      return fallback;
    }
    return script.size() > 1 ? script.removeFirst() : script.getFirst();
  }

  /** Every call so far, in order. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The commands run so far, in order. */
  public synchronized List<List<String>> commands() {
    return calls.stream().map(Call::command).toList();
  }
}
