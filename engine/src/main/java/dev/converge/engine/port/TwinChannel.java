package dev.converge.engine.port;

import dev.converge.engine.model.NodeValue;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cloud side of the engine: the device (or module) twin and its direct methods.
 *
 * <p>Implementations: the IoT Hub channel over the official device SDK (agent), and {@link InMemoryTwinChannel}
 * for tests and offline runs. Listeners are called on the channel's own thread; the engine only enqueues work in
 * them.
 */
public interface TwinChannel {

  /**
   * Desired properties as received.
   *
   * @param isFullDocument true for a full twin GET, false for a patch (only changed leaves, absent = delete)
   * @param properties the desired document or patch, without {@code $version} and {@code $metadata}
   * @param version the desired {@code $version} this document or patch brings the twin to
   */
  record DesiredUpdate(boolean isFullDocument, NodeValue.Obj properties, long version) {
    public DesiredUpdate {
      Objects.requireNonNull(properties, "properties");
    }

    public static DesiredUpdate full(NodeValue.Obj properties, long version) {
      return new DesiredUpdate(true, properties, version);
    }

    public static DesiredUpdate patch(NodeValue.Obj properties, long version) {
      return new DesiredUpdate(false, properties, version);
    }
  }

  /** A direct method call. */
  record CommandRequest(String name, NodeValue payload) {
    public CommandRequest {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** A direct method response: 200 with a result, 400 with an error object, 404 for an unknown method. */
  record CommandResponse(int status, NodeValue payload) {
    public CommandResponse {
      Objects.requireNonNull(payload, "payload");
    }
  }

  /** Registers the one listener for desired updates. */
  void onDesired(Consumer<DesiredUpdate> listener);

  /** Registers the one handler for direct methods. */
  void onCommand(Function<CommandRequest, CommandResponse> handler);

  /** Sends a reported patch (absent = delete); completes when the hub acknowledged it. */
  CompletionStage<Void> sendReported(NodeValue.Obj patch);

  /** GETs the full desired document, used after a {@code $version} gap or a reconnect. */
  CompletionStage<DesiredUpdate> fetchDesired();

  /** GETs the reported document as the hub holds it (without {@code $version}), so stale keys can be removed. */
  CompletionStage<NodeValue.Obj> fetchReported();
}
