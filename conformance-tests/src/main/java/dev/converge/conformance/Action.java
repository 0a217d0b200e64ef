package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What a step does to the device before its expectations are checked. */
public sealed interface Action {

  /** A few words for failure messages. */
  String describe();

  /** Replaces the whole desired document. */
  record SetDesired(JsonNode document) implements Action {
    public SetDesired {
      Objects.requireNonNull(document, "document");
    }

    @Override
    public String describe() {
      return "desired";
    }
  }

  /**
   * Patches desired, then lets {@code settle} pass (the validator's {@code readBackPause}; zero for recipes).
   */
  record PatchDesired(JsonNode patch, Duration settle) implements Action {
    public PatchDesired {
      Objects.requireNonNull(patch, "patch");
      Objects.requireNonNull(settle, "settle");
    }

    @Override
    public String describe() {
      return settle.isZero() ? "patch" : "patch, then " + Durations.format(settle);
    }
  }

  /** Changes the device behind the agent's back. */
  record Fault(List<DeviceAction> changes) implements Action {
    public Fault {
      changes = List.copyOf(changes);
      if (changes.isEmpty()) {
        throw new IllegalArgumentException("a device step needs at least one change");
      }
    }

    @Override
    public String describe() {
      return "device";
    }
  }

  /** Moves the device's clock, firing what falls due. */
  record Advance(Duration duration) implements Action {
    public Advance {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("advance needs a positive duration, not " + duration);
      }
    }

    @Override
    public String describe() {
      return "advance " + Durations.format(duration);
    }
  }

  /** Invokes a direct method; its response is what {@link Expectation.MethodAnswer} checks. */
  record InvokeMethod(String method, JsonNode payload) implements Action {
    public InvokeMethod {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String describe() {
      return "direct method " + method;
    }
  }

  /** A step kind the runner knows but cannot run (the validator's {@code dotNetApi}); it fails with the reason. */
  record Unsupported(String kind, String reason) implements Action {
    public Unsupported {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
      return kind;
    }
  }
}
