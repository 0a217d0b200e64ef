package dev.converge.emulator.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The target condition of an automatic device management configuration, which selects the twins it applies to.
 *
 * <p>Three forms are accepted, after IoT Hub ({@code iot-hub-automatic-device-management} "Target devices or
 * modules"): {@code *}, every device twin; a bare condition such as {@code tags.environment='prod' AND
 * properties.reported.os='linux'}, on device twins; and {@code FROM devices.modules WHERE condition}, on module twins,
 * for which the wildcard is not allowed. {@code FROM devices WHERE condition} is accepted as a spelled-out device
 * condition. An empty (or blank) condition is valid and targets nothing: IoT Hub stores such a configuration and
 * reports {@code targetedCount} 0 for it (the hub-exported {@code firmware-update} configuration in MicrosoftDocs
 * {@code iot-accelerators-remote-monitoring-bulk-configuration-update.md} has {@code "targetCondition": ""}, a
 * {@code targetedCount} query of {@code ""} and a count of 0).
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetCondition {

  private final String text;
  private final Source source;
  private final @Nullable Condition condition;
  private final boolean everything;

  private TargetCondition(String text, Source source, @Nullable Condition condition, boolean everything) {
    this.text = text;
    this.source = source;
    this.condition = condition;
    this.everything = everything;
  }

  /**
   * Parses a configuration's {@code targetCondition}.
   *
   * @throws QueryException naming the column (in {@code text}) of the first problem
   */
  public static TargetCondition parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return new TargetCondition(text, Source.DEVICES, null, false);
    }
    if (trimmed.equals("*")) {
      return new TargetCondition(text, Source.DEVICES, null, true);
    }
    Parser.Target target = Parser.target(text);
    return new TargetCondition(text, target.source(), target.condition(), false);
  }

  /** The collection this condition selects from: device twins, or module twins for {@code FROM devices.modules}. */
  public Source source() {
    return source;
  }

  /** Whether the condition is empty, so it selects no twin at all. */
  public boolean isEmpty() {
    return condition == null && !everything;
  }

  /**
   * Whether {@code twin}, a twin of {@link #source()}'s collection, is targeted: the condition evaluates to true
   * (undefined does not target).
   */
  public boolean matches(ObjectNode twin) {
    Objects.requireNonNull(twin, "twin");
    if (condition == null) {
      return everything;
    }
    return condition.evaluate(twin) == Truth.TRUE;
  }

  /** The text this condition was parsed from. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    if (condition == null) {
      return everything ? "*" : "";
    }
    return source == Source.MODULES ? "FROM devices.modules WHERE " + condition : condition.toString();
  }
}
