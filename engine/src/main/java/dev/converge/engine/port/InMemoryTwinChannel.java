package dev.converge.engine.port;

import dev.converge.engine.model.MergePatch;
import dev.converge.engine.model.NodeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A twin held in memory, with IoT Hub's merge semantics on both sides. Used by engine tests and by
 * {@code converge plan/apply}, which run without a hub. Thread-safe.
 */
public final class InMemoryTwinChannel implements TwinChannel {

  private Consumer<DesiredUpdate> desiredListener = u -> {};
  private Function<CommandRequest, CommandResponse> commandHandler =
      r -> new CommandResponse(404, NodeValue.object("message", NodeValue.of("no command handler")));
  private NodeValue.Obj desired = NodeValue.Obj.empty();
  private long desiredVersion;
  private NodeValue.Obj reported = NodeValue.Obj.empty();
  private final List<NodeValue.Obj> reportedPatches = new ArrayList<>();

  @Override
  public synchronized void onDesired(Consumer<DesiredUpdate> listener) {
    this.desiredListener = listener;
  }

  @Override
  public synchronized void onCommand(Function<CommandRequest, CommandResponse> handler) {
    this.commandHandler = handler;
  }

  @Override
  public synchronized CompletionStage<Void> sendReported(NodeValue.Obj patch) {
    reportedPatches.add(patch);
    reported = MergePatch.apply(reported, patch);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletionStage<DesiredUpdate> fetchDesired() {
    return CompletableFuture.completedFuture(DesiredUpdate.full(desired, desiredVersion));
  }

  @Override
  public synchronized CompletionStage<NodeValue.Obj> fetchReported() {
    return CompletableFuture.completedFuture(reported);
  }

  /** Replaces the desired document, as an operator would, and pushes the resulting patch to the listener. */
  public void setDesired(NodeValue.Obj document) {
    patchDesired(MergePatch.diff(currentDesired(), document));
  }

  /** Applies a desired patch and pushes it to the listener, with the next {@code $version}. */
  public void patchDesired(NodeValue.Obj patch) {
    DesiredUpdate update;
    Consumer<DesiredUpdate> listener;
    synchronized (this) {
      desired = MergePatch.apply(desired, patch);
      desiredVersion++;
      update = DesiredUpdate.patch(patch, desiredVersion);
      listener = desiredListener;
    }
    listener.accept(update);
  }

  /** Applies a desired patch without notifying: the device misses it, as when it is offline. */
  public synchronized void patchDesiredSilently(NodeValue.Obj patch) {
    desired = MergePatch.apply(desired, patch);
    desiredVersion++;
  }

  public CommandResponse invoke(String name, NodeValue payload) {
    Function<CommandRequest, CommandResponse> handler;
    synchronized (this) {
      handler = commandHandler;
    }
    return handler.apply(new CommandRequest(name, payload));
  }

  public synchronized NodeValue.Obj currentDesired() {
    return desired;
  }

  public synchronized long desiredVersion() {
    return desiredVersion;
  }

  public synchronized NodeValue.Obj reported() {
    return reported;
  }

  public synchronized List<NodeValue.Obj> reportedPatches() {
    return List.copyOf(reportedPatches);
  }
}
