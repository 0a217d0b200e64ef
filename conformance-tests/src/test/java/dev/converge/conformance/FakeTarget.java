package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A target whose reported document and journal a test sets by hand, recording what the runner asked of it: for
 * testing the runner without an engine.
 */
final class FakeTarget implements Target {

  final List<String> calls = new ArrayList<>();
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
  public void advance(Duration duration) {
    calls.add("advance " + duration);
  }

  @Override
  public DeviceRoot device() {
    return device;
  }

  @Override
  public List<String> journal() {
    return List.copyOf(journal);
  }

  @Override
  public MethodResponse invoke(String method, JsonNode payload) {
    calls.add("invoke " + method + " " + payload);
    return new MethodResponse(200, JsonNodeFactory.instance.objectNode().put("answer", 42));
  }

  @Override
  public void close() {
    device.deleteAll();
  }
}
