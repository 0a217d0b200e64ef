package dev.converge.emulator.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/** What a query's {@code SELECT} clause makes of the twins its {@code WHERE} kept. */
sealed interface Projection {

  /** The rows for {@code selected}, each a fresh tree. */
  List<ObjectNode> rows(List<ObjectNode> selected);

  /** {@code SELECT *}: each twin whole. */
  record All() implements Projection {
    @Override
    public List<ObjectNode> rows(List<ObjectNode> selected) {
      return selected.stream().map(ObjectNode::deepCopy).collect(Collectors.toList());
    }

    @Override
    public String toString() {
      return "*";
    }
  }

  /**
   * {@code SELECT a.b, c AS d}: one object per twin, each property under its alias or the path's last segment. A
   * property the twin does not have is left out of the row, as IoT Hub leaves out undefined values.
   */
  record Properties(List<Property> properties) implements Projection {
    public Properties {
      properties = List.copyOf(properties);
    }

    @Override
    public List<ObjectNode> rows(List<ObjectNode> selected) {
      return selected.stream().map(twin -> {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (Property p : properties) {
          JsonNode value = p.path().resolve(twin);
          if (value != null) {
            row.set(p.name(), value.deepCopy());
          }
        }
        return row;
      }).collect(Collectors.toList());
    }

    @Override
    public String toString() {
      return properties.stream().map(Property::toString).collect(Collectors.joining(", "));
    }
  }

  /** {@code SELECT COUNT() AS n}: a single row holding the number of twins selected. */
  record Count(String name) implements Projection {
    @Override
    public List<ObjectNode> rows(List<ObjectNode> selected) {
      return List.of(JsonNodeFactory.instance.objectNode().put(name, selected.size()));
    }

    @Override
    public String toString() {
      return "COUNT() AS " + Path.ofName(name);
    }
  }

  /** One projected path and the name it gets in the row. */
  record Property(Path path, String name) {
    @Override
    public String toString() {
      return name.equals(path.name()) ? path.toString() : path + " AS " + Path.ofName(name);
    }
  }
}
