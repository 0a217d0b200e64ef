package dev.converge.engine;

import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.InMemoryTwinChannel;
import dev.converge.engine.port.TwinChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/** An in-memory twin whose reported side can fail, as a hub connection can; counts full-document fetches. */
final class FlakyTwinChannel implements TwinChannel {
  final InMemoryTwinChannel twin = new InMemoryTwinChannel();
  boolean failFetchReported;
  boolean failSend;
  int fullFetches;
  boolean failFetchDesired;

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
    return failSend ? CompletableFuture.failedFuture(new IllegalStateException("offline")) : twin.sendReported(patch);
  }

  @Override
  public CompletionStage<DesiredUpdate> fetchDesired() {
    fullFetches++;
    return failFetchDesired ? CompletableFuture.failedFuture(new IllegalStateException("offline"))
        : twin.fetchDesired();
  }

  @Override
  public CompletionStage<NodeValue.Obj> fetchReported() {
    return failFetchReported ? CompletableFuture.failedFuture(new IllegalStateException("offline"))
        : twin.fetchReported();
  }
}
