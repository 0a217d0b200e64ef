package dev.converge.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A scenario's YAML read as a JSON tree, remembering the line of every value for messages.
 *
 * <p>Plain scalars are typed by a strict rule set close to YAML 1.2's core schema, not SnakeYAML's YAML 1.1
 * defaults, because scenario values go into twins: {@code true}/{@code false} are booleans ({@code yes}, {@code on}
 * stay text); decimal numbers without a leading zero are numbers ({@code 0644} stays the text {@code "0644"}, never
 * the octal number 420); {@code null}, {@code ~} and an empty value are null; dates stay text. Only the node graph
 * is composed, so a file cannot construct Java objects.
 */
final class ScenarioYaml {

  private final JsonNode root;
  private final Map<String, Integer> lines;

  private ScenarioYaml(JsonNode root, Map<String, Integer> lines) {
    this.root = root;
    this.lines = lines;
  }

  /**
   * Parses one YAML document.
   *
   * @throws IllegalArgumentException naming the file, line and column of what is wrong
   */
  static ScenarioYaml parse(String name, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
        new CoreSchemaResolver());
    Node node;
    try {
      node = yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = m == null ? "" : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
      throw new IllegalArgumentException(name + where + ": invalid YAML: "
          + (e.getContext() != null ? e.getContext() + ": " : "") + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new IllegalArgumentException(name + ": invalid YAML: " + e.getMessage(), e);
    }
    if (node == null) {
      throw new IllegalArgumentException(name + ": the file is empty");
    }
    Map<String, Integer> lines = new HashMap<>();
    return new ScenarioYaml(convert(name, node, "", lines), lines);
  }

  JsonNode root() {
    return root;
  }

  /** The 1-based line of the value at a JSON pointer, or of its nearest ancestor that has one. */
  int line(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  private static JsonNode convert(String name, Node node, String pointer, Map<String, Integer> lines) {
    lines.put(pointer, node.getStartMark().getLine() + 1);
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (node instanceof MappingNode mapping) {
      ObjectNode out = f.objectNode();
      for (NodeTuple t : mapping.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode key)) {
          throw new IllegalArgumentException(name + ":" + (t.getKeyNode().getStartMark().getLine() + 1)
              + ": keys must be plain strings");
        }
        if (out.has(key.getValue())) {
          throw new IllegalArgumentException(name + ":" + (key.getStartMark().getLine() + 1) + ": duplicate key '"
              + key.getValue() + "'");
        }
        String child = pointer + "/" + ReportedPath.escape(key.getValue());
        out.set(key.getValue(), convert(name, t.getValueNode(), child, lines));
        lines.put(child, key.getStartMark().getLine() + 1);
      }
      return out;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode out = f.arrayNode();
      List<Node> items = seq.getValue();
      for (int i = 0; i < items.size(); i++) {
        out.add(convert(name, items.get(i), pointer + "/" + i, lines));
      }
      return out;
    }
    ScalarNode scalar = (ScalarNode) node;
    String v = scalar.getValue();
    Tag tag = scalar.getTag();
    if (Tag.NULL.equals(tag)) {
      return f.nullNode();
    }
    if (Tag.BOOL.equals(tag)) {
      return f.booleanNode(v.equalsIgnoreCase("true"));
    }
    try {
      if (Tag.INT.equals(tag)) {
        BigInteger i = new BigInteger(v);
        return i.bitLength() < 64 ? f.numberNode(i.longValue()) : f.numberNode(i);
      }
      if (Tag.FLOAT.equals(tag)) {
        return f.numberNode(new BigDecimal(v));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ":" + (node.getStartMark().getLine() + 1) + ": '" + v
          + "' is tagged " + tag + " but is not a plain decimal number", e);
    }
    if (Tag.STR.equals(tag)) {
      return f.textNode(v);
    }
    throw new IllegalArgumentException(name + ":" + (node.getStartMark().getLine() + 1) + ": the tag " + tag
        + " is not supported in scenarios; use plain JSON-like values");
  }

  /** The scalar typing described on {@link ScenarioYaml}. */
  private static final class CoreSchemaResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF");
      addImplicitResolver(Tag.INT, Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$"), "-+0123456789");
      addImplicitResolver(Tag.FLOAT,
          Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$"), "-+0123456789");
      addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL)$"), "~nN");
      addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
    }
  }
}
