package dev.converge.engine.command;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.NodeResult;
import org.jspecify.annotations.Nullable;

/**
 * Where the dispatcher records each command it runs on an adapter, like a write: before ({@link #started}, durable
 * before the adapter is called, so a crash mid-command is found on restart) and after ({@link #finished}). Called on
 * whichever thread answers the method; implementations are thread-safe.
 */
public interface CommandLog {

  /** Records nothing. */
  CommandLog NONE = new CommandLog() {
    @Override
    public long started(String capability, String method, NodePath node, NodeValue.Obj payload) {
      return 0;
    }

    @Override
    public void finished(long started, String capability, String method, NodeValue.Obj payload,
        @Nullable NodeResult result, @Nullable String problem) {}
  };

  /**
   * @param payload the payload as it may be recorded: write-only (secret) properties already replaced by digests
   * @return what {@link #finished} gets back, to pair the two records
   */
  long started(String capability, String method, NodePath node, NodeValue.Obj payload);

  /**
   * @param result the adapter's answer, or null when the adapter threw
   * @param problem what went wrong, or null when the command succeeded
   */
  void finished(long started, String capability, String method, NodeValue.Obj payload, @Nullable NodeResult result,
      @Nullable String problem);
}
