package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * The device under test, as a scenario sees it: a twin to write desired state into and read reported state from, a
 * clock to move, a file tree to tamper with behind the agent's back, and the agent's audit journal.
 *
 * <p>Every call that gives the device work returns only once the device has done it: after {@link #setDesired},
 * {@link #patchDesired} and {@link #advance} the reported document is final, so a scenario never waits or polls. An
 * in-process target runs its engine until idle; a target behind a real hub waits for the reported patch that
 * answers the desired version. Targets are used by one thread and closed after one scenario.
 */
public interface Target extends AutoCloseable {

  /**
   * Replaces the whole desired document ({@code properties.desired}, groups at the top), as an operator editing the
   * twin does: the device receives the difference as a patch.
   */
  void setDesired(JsonNode desired);

  /** Applies a desired patch: changed leaves, and {@code null} to delete, as IoT Hub sends them. */
  void patchDesired(JsonNode patch);

  /** The reported document ({@code properties.reported}) as the twin holds it now. */
  JsonNode reported();

  /** Lets {@code duration} pass on the device's clock, firing every drift scan and retry that falls due. */
  void advance(Duration duration);

  /** Changes the device behind the agent's back; the agent is not told. */
  default void fault(DeviceAction action) {
    device().apply(action);
  }

  /** The device's file tree, for faults and for checking files. */
  DeviceRoot device();

  /** Every journal record the agent has written so far, oldest first, one JSON text each. */
  List<String> journal();

  /**
   * Invokes a direct method and returns the device's answer.
   *
   * @throws UnsupportedOperationException when this target cannot take direct methods, saying why
   */
  MethodResponse invoke(String method, JsonNode payload);

  /** Stops the device and removes what it left behind. */
  @Override
  void close();
}
