package dev.converge.engine.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.model.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compiles JSON Schemas (draft 2020-12) with networknt and turns its errors into {@link Violation}s. One
 * place owns the validator's configuration, so definitions, desired groups and command payloads are checked alike.
 */
public final class SchemaCompiler {

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2020_12,
      b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .pathType(PathType.JSON_POINTER)
          .formatAssertionsEnabled(true)
          .build()));

  private SchemaCompiler() {}

  /** A compiled schema; thread-safe. */
  public static final class Compiled {
    private final Schema schema;
    private final String name;

    private Compiled(Schema schema, String name) {
      this.schema = schema;
      this.name = name;
    }

    public String name() {
      return name;
    }

    public List<Violation> validate(NodeValue instance) {
      return validate(instance.toJson());
    }

    /** Every violation, each naming the JSON pointer, the rule and the offending value. */
    public List<Violation> validate(JsonNode instance) {
      List<Error> errors = schema.validate(instance);
      List<Violation> out = new ArrayList<>(errors.size());
      for (Error e : errors) {
        String pointer = pointer(e);
        JsonNode at = e.getInstanceNode();
        NodeValue value = "required".equals(e.getKeyword()) || at == null ? NodeValue.absent() : NodeValue.fromJson(at);
        out.add(new Violation(pointer, Objects.requireNonNullElse(e.getKeyword(), "schema"), value, message(e)));
      }
      return out;
    }
  }

  /**
   * Compiles a schema document.
   *
   * @throws IllegalArgumentException with the validator's explanation when the document is not a usable schema
   */
  public static Compiled compile(NodeValue.Obj schema, String name) {
    try {
      Schema s = REGISTRY.getSchema(schema.toJson());
      s.validate(NodeValue.Obj.empty().toJson()); // resolves references now, not on the first desired patch
      return new Compiled(s, name);
    } catch (SchemaException | IllegalStateException e) {
      throw new IllegalArgumentException("schema " + name + " is not a valid JSON Schema: " + e.getMessage(), e);
    }
  }

  private static String pointer(Error e) {
    String p = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
      p = p + "/" + e.getProperty().replace("~", "~0").replace("/", "~1");
    }
    return p;
  }

  private static String message(Error e) {
    String m = e.getMessage();
    // networknt prefixes messages with the instance location; the pointer is reported separately.
    String loc = e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
    if (!loc.isEmpty() && m.startsWith(loc + ": ")) {
      m = m.substring(loc.length() + 2);
    } else if (m.startsWith(": ")) {
      m = m.substring(2);
    }
    return m;
  }
}
