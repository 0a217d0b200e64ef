package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target whose reported document and journal a test sets by hand, recording what the runner asked of it: for
 * testing the runner without an engine.
 */
final class FakeTarget implements Target {

  final List<String> calls = new ArrayList<>();
  final Map<Target.Feature, String> lacking = new EnumMap<>(Target.Feature.class);
  String refuseMethods;
  boolean pauseAsReal;
  final List<String> journal = new ArrayList<>();
  JsonNode reported = JsonNodeFactory.instance.objectNode();
  private final DeviceRoot device;

  FakeTarget(Path sandbox) {
    this.device = DeviceRoot.in(sandbox);
  }

  @Override
  public void setDesired(JsonNode desired) {
    calls.add("setDesired " + desired);
  }

  @Override
  public void patchDesired(JsonNode patch) {
    calls.add("patchDesired " + patch);
  }

  @Override
  public JsonNode reported() {
    return reported;
  }

  @Override
  public Optional<String> lacks(Target.Feature feature) {
    return Optional.ofNullable(lacking.get(feature));
  }

  @Override
  public void advance(Duration duration) {
    calls.add("advance " + duration);
  }

  @Override
  public void pause(Duration pause) {
    if (pauseAsReal) {
      calls.add("pause " + pause);
    } else {
      Target.super.pause(pause);
    }
  }

  @Override
  public DeviceRoot device() {
    return device;
  }

  @Override
  public List<String> journal() {
    if (lacking.containsKey(Target.Feature.JOURNAL)) {
      throw new UnsupportedOperationException(lacking.get(Target.Feature.JOURNAL));
    }
    return List.copyOf(journal);
  }

  @Override
  public MethodResponse invoke(String method, JsonNode payload) {
    if (refuseMethods != null) {
      throw new UnsupportedOperationException(refuseMethods);
    }
    calls.add("invoke " + method + " " + payload);
    return new MethodResponse(200, JsonNodeFactory.instance.objectNode().put("answer", 42));
  }

  @Override
  public void close() {
    device.deleteAll();
  }
}
