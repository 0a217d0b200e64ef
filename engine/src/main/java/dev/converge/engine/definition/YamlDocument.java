package dev.converge.engine.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML file read as a JSON tree, remembering where each value was written so that problems found later (by the
 * schema or by semantic checks) can name the line.
 *
 * <p>SnakeYAML only composes the node graph here; no Java objects are constructed from the YAML, so a definition
 * file cannot instantiate classes.
 */
public final class YamlDocument {

  private final JsonNode root;
  private final Map<String, Mark> marks;

  private YamlDocument(JsonNode root, Map<String, Mark> marks) {
    this.root = root;
    this.marks = marks;
  }

  /** Thrown for text that is not one well-formed YAML document; carries the 1-based position. */
  public static final class ParseFailure extends Exception {
    private static final long serialVersionUID = 1L;
    public final int line;
    public final int column;

    ParseFailure(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  public static YamlDocument parse(String text) throws ParseFailure {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(1_000_000);
    Node node;
    try {
      node = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? e.getContext() + ": " : "";
      throw new ParseFailure("invalid YAML: " + context + problem, m == null ? 0 : m.getLine() + 1,
          m == null ? 0 : m.getColumn() + 1);
    } catch (YAMLException e) {
      throw new ParseFailure("invalid YAML: " + e.getMessage(), 0, 0);
    }
    if (node == null) {
      throw new ParseFailure("the file is empty", 0, 0);
    }
    Map<String, Mark> marks = new HashMap<>();
    JsonNode root = convert(node, "", marks);
    return new YamlDocument(root, marks);
  }

  public JsonNode root() {
    return root;
  }

  /** Line and column (1-based) of the value at a JSON pointer, or of its nearest written ancestor. */
  public int[] position(String pointer) {
    String p = pointer;
    while (true) {
      Mark m = marks.get(p);
      if (m != null) {
        return new int[] {m.getLine() + 1, m.getColumn() + 1};
      }
      if (p.isEmpty()) {
        return new int[] {0, 0};
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  private static JsonNode convert(Node node, String pointer, Map<String, Mark> marks) throws ParseFailure {
    marks.put(pointer, node.getStartMark());
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof MappingNode mapping) {
      ObjectNode out = f.objectNode();
      for (NodeTuple t : mapping.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode key)) {
          Mark m = t.getKeyNode().getStartMark();
          throw new ParseFailure("keys must be plain strings", m.getLine() + 1, m.getColumn() + 1);
        }
        String name = key.getValue();
        if (out.has(name)) {
          Mark m = key.getStartMark();
          throw new ParseFailure("duplicate key '" + name + "'", m.getLine() + 1, m.getColumn() + 1);
        }
        String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
        marks.put(child, key.getStartMark());
        out.set(name, convert(t.getValueNode(), child, marks));
        marks.put(child, key.getStartMark());
      }
      return out;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode out = f.arrayNode();
      List<Node> items = seq.getValue();
      for (int i = 0; i < items.size(); i++) {
        out.add(convert(items.get(i), pointer + "/" + i, marks));
      }
      return out;
    }
    ScalarNode scalar = (ScalarNode) node;
    String v = scalar.getValue();
    Tag tag = scalar.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return f.nullNode();
      }
      if (Tag.BOOL.equals(tag)) {
        return f.booleanNode(v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"));
      }
      if (Tag.INT.equals(tag)) {
        return f.numberNode(new BigDecimal(v.replace("_", "")).toBigIntegerExact());
      }
      if (Tag.FLOAT.equals(tag)) {
        return f.numberNode(new BigDecimal(v.replace("_", "")));
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // Octal, hex and special floats stay text; the schema then says what was expected.
    }
    return f.textNode(v);
  }
}
