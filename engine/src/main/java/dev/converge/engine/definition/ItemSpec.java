package dev.converge.engine.definition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The items of a map-valued group: every key of the desired group other than {@code __meta} is an item, and each
 * item is a sub-group, applied as one unit.
 *
 * @param placeholder the name used for the item's key in node templates (from {@code "{key}"})
 * @param node the item's own node, added when the item is missing and deleted when {@code presence} says absent
 * @param presence which property says whether the item should exist
 */
public record ItemSpec(String placeholder, @Nullable NodeTemplate node, @Nullable Presence presence,
    List<PropertySpec> properties) {

  /** The property whose value says whether the item should exist, and the two values it takes. */
  public record Presence(String property, String present, String absent) {
    public Presence {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(present, "present");
      Objects.requireNonNull(absent, "absent");
    }
  }

  public ItemSpec {
    Objects.requireNonNull(placeholder, "placeholder");
    properties = List.copyOf(properties);
    if (presence != null && node == null) {
      throw new IllegalArgumentException("presence needs the item's node");
    }
  }

  public Optional<PropertySpec> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
