package dev.converge.engine.desired;

import dev.converge.engine.model.NodeValue;
import java.util.Objects;

/**
 * A desired group that passed validation: what the engine may apply.
 *
 * @param revision changes whenever the group's desired content changes (see {@link DesiredDocument})
 * @param properties the group without {@code __meta}
 */
public record DesiredState(String group, long revision, GroupMeta meta, NodeValue.Obj properties) {
  public DesiredState {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(properties, "properties");
  }
}
