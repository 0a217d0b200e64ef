package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The device under test, as a scenario sees it: a twin to write desired state into and read reported state from, a
 * clock to move, a file tree to tamper with behind the agent's back, and the agent's audit journal.
 *
 * <p>Every call that gives the device work returns only once the device has done it: after {@link #setDesired},
 * {@link #patchDesired} and {@link #advance} the reported document is final, so a scenario never waits or polls. An
 * in-process target runs its engine until idle; a target behind a real hub waits for the reported patch that
 * answers the desired version. Targets are used by one thread and closed after one scenario.
 *
 * <p>Every target has a twin and direct methods. The device's clock, its file tree and the agent's journal are
 * {@link Feature}s a target may lack (a device behind a real hub offers none of them); {@link #lacks} says why, and
 * the runner skips a scenario that needs one before it touches the device.
 */
public interface Target extends AutoCloseable {

  /** What a scenario may need besides the twin and direct methods. */
  enum Feature {
    /** {@link #advance}: moving the device's clock. */
    CLOCK("moves the device's clock"),
    /** {@link #fault} and {@link #device}: the device's file tree, to change it and to check files. */
    FILES("changes or checks the device's files"),
    /** {@link #journal}: the agent's audit journal. */
    JOURNAL("checks the agent's journal");

    private final String use;

    Feature(String use) {
      this.use = use;
    }

    /** What a step that needs the feature does, for messages: "moves the device's clock". */
    public String use() {
      return use;
    }
  }

  /**
   * Why this target cannot offer {@code feature}, or empty when it can (the default). A target that lacks a feature
   * throws {@link UnsupportedOperationException} with the same reason from the methods that need it.
   */
  default Optional<String> lacks(Feature feature) {
    return Optional.empty();
  }

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

  /**
   * Gives the device {@code pause} after a desired patch before the twin is read back: the DMValidator's
   * {@code readBackPause}. A target with a clock lets the time pass there ({@link #advance}, the default), so retries
   * that fall due within the pause run; a target behind a real hub, whose device has its own clock, lets real time
   * pass instead. Needs no {@link Feature}: the original validator ran every case against a real device.
   */
  default void pause(Duration pause) {
    advance(pause);
  }

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
