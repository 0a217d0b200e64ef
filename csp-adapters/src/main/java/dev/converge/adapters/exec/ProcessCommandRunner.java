package dev.converge.adapters.exec;

import dev.converge.engine.port.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands as child processes, with a timeout.
 *
 * <p>The command gets no input (its standard input is closed at once) and inherits the agent's environment and
 * working folder. Standard output and error are read concurrently, so a chatty command cannot block on a full
 * pipe, and are decoded as UTF-8; each keeps at most {@value #MAX_CAPTURE_BYTES} bytes, and the rest is read and
 * dropped. On timeout the process and its descendants are killed, and the result has exit code -1, the output
 * captured so far, and standard error ending with a line saying so. A command that cannot start (not found, not
 * executable) also gives -1, with the reason in standard error. Never throws for either. Thread-safe; stateless.
 */
public final class ProcessCommandRunner implements CommandRunner {

  static final int MAX_CAPTURE_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);
  /** How long to wait for output readers after the process ended; an orphaned grandchild may hold a pipe open. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

  /**
   * Runs {@code command} (program and arguments, no shell) and waits at most {@code timeout} for it to end.
   *
   * @throws IllegalArgumentException when {@code command} is empty or {@code timeout} is not positive
   */
  @Override
  public Result run(List<String> command, Duration timeout) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(timeout, "timeout");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("a command timeout must be positive, not " + timeout);
    }
    LOG.debug("running {} (timeout {})", command, timeout);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      LOG.debug("cannot start {}: {}", command, e.getMessage());
      return new Result(-1, "", "cannot start " + command.get(0) + ": " + e.getMessage());
    }
    closeInput(process);
    Capture stdout = Capture.start(process.getInputStream(), "stdout");
    Capture stderr = Capture.start(process.getErrorStream(), "stderr");
    try {
      if (!process.waitFor(nanos(timeout), TimeUnit.NANOSECONDS)) {
        kill(process);
        LOG.debug("{} timed out after {}", command, timeout);
        return new Result(-1, stdout.text(), withNote(stderr.text(), "timed out after " + timeout + "; killed"));
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return new Result(-1, stdout.text(), withNote(stderr.text(), "interrupted while waiting; killed"));
    }
    int exitCode = process.exitValue();
    LOG.debug("{} exited with {}", command, exitCode);
    return new Result(exitCode, stdout.text(), stderr.text());
  }

  private static void closeInput(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // The command gets no input either way; a failed close only means the pipe is already gone.
      LOG.debug("cannot close the standard input of process {}: {}", process.pid(), e.getMessage());
    }
  }

  /**
   * Kills the process and its descendants, descendants first, so none is left holding the output pipes or running
   * on unsupervised. Waits briefly for the process itself only: descendants are reaped by their new parent, which
   * this agent does not control.
   */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      if (!process.waitFor(DRAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.debug("process {} had not exited {} after SIGKILL", process.pid(), DRAIN_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long nanos(Duration timeout) {
    // Duration.toNanos overflows beyond 292 years; such a timeout means "no limit".
    return timeout.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : timeout.toNanos();
  }

  private static String withNote(String stderr, String note) {
    return stderr.isEmpty() || stderr.endsWith("\n") ? stderr + note : stderr + "\n" + note;
  }

  /** Reads one output stream on its own thread, keeping the first {@link #MAX_CAPTURE_BYTES} bytes. */
  private static final class Capture implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;

    private Capture(InputStream in, String name) {
      this.in = in;
      this.thread = new Thread(this, "converge-command-" + name);
      // A reader blocked by an orphaned grandchild must not keep the agent from exiting.
      thread.setDaemon(true);
    }

    static Capture start(InputStream in, String name) {
      Capture capture = new Capture(in, name);
      capture.thread.start();
      return capture;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (InputStream stream = in) {
        for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
          synchronized (kept) {
            kept.write(buffer, 0, Math.min(n, MAX_CAPTURE_BYTES - kept.size()));
          }
        }
      } catch (IOException e) {
        // The pipe closes when the process is killed; what was read so far is the output.
        LOG.debug("stopped reading command output: {}", e.getMessage());
      }
    }

    /** The output read so far, after waiting briefly for the reader to reach the end of the stream. */
    String text() {
      try {
        thread.join(DRAIN_GRACE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
