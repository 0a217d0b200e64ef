package dev.converge.adapters.files;

import dev.converge.engine.model.NodePath;
import dev.converge.engine.model.NodeValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node of the files adapter, taken apart: which device file it concerns and which aspect of it, and so which
 * values a write to it accepts.
 *
 * @param node the node as addressed
 * @param devicePath the file's absolute path on the device, e.g. {@code /etc/motd}
 */
record FileNode(NodePath node, String devicePath, Aspect aspect) {

  /** Which part of the file a node addresses. */
  enum Aspect {
    /** The file itself: an object {@code {content, mode}}. */
    FILE,
    /** The file's text. */
    CONTENT,
    /** The file's permission bits, four octal digits. */
    MODE
  }

  static final String ROOT_SEGMENT = "Files";
  static final String DEFAULT_CONTENT = "";
  static final String DEFAULT_MODE = "0644";

  /** The schema's mode rule: permission bits only; set-user-ID and friends are not managed. */
  private static final Pattern MODE = Pattern.compile("0[0-7]{3}");
  private static final Set<String> FILE_FIELDS = Set.of("content", "mode");

  FileNode {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(devicePath, "devicePath");
    Objects.requireNonNull(aspect, "aspect");
  }

  /**
   * Reads a node path of the scheme {@code ./Files/<device path>[/Content|/Mode]}.
   *
   * @return empty when the path is not below {@code ./Files}
   */
  static Optional<FileNode> parse(NodePath node) {
    List<String> segments = node.segments();
    if (segments.size() < 2 || !segments.get(0).equals(ROOT_SEGMENT)) {
      return Optional.empty();
    }
    // An attribute needs a file before it; ./Files/Content has none, so it is the file /Content.
    String last = segments.get(segments.size() - 1);
    Aspect aspect = Aspect.FILE;
    if (segments.size() > 2 && last.equals("Content")) {
      aspect = Aspect.CONTENT;
    } else if (segments.size() > 2 && last.equals("Mode")) {
      aspect = Aspect.MODE;
    }
    int end = aspect == Aspect.FILE ? segments.size() : segments.size() - 1;
    return Optional.of(new FileNode(node, "/" + String.join("/", segments.subList(1, end)), aspect));
  }

  /** The node of the file this node belongs to (itself, for a file node). */
  NodePath fileNode() {
    return NodePath.of("./" + ROOT_SEGMENT + devicePath);
  }

  /** Why {@code value} cannot be written to this node, naming the type or format it expects; empty when it can. */
  Optional<String> problemWith(NodeValue value) {
    String name = node.value();
    return switch (aspect) {
      case FILE -> fileProblem(value);
      case CONTENT -> value instanceof NodeValue.Text text
          ? contentProblem(name, text.value())
          : Optional.of(attributeTypeProblem("the content", value));
      case MODE -> value instanceof NodeValue.Text text
          ? modeProblem(name, text.value())
          : Optional.of(attributeTypeProblem("the mode", value));
    };
  }

  private Optional<String> fileProblem(NodeValue value) {
    if (!(value instanceof NodeValue.Obj obj)) {
      return Optional.of(node + " expects an object with content and mode, not " + typeOf(value));
    }
    for (String field : obj.fields().keySet()) {
      if (!FILE_FIELDS.contains(field)) {
        return Optional.of(node + " has no field '" + field + "'; a file node takes content and mode");
      }
    }
    NodeValue content = obj.get("content");
    if (content.isPresent() && !(content instanceof NodeValue.Text)) {
      return Optional.of(node + ": content expects text, not " + typeOf(content));
    }
    NodeValue mode = obj.get("mode");
    if (mode.isPresent() && !(mode instanceof NodeValue.Text)) {
      return Optional.of(node + ": mode expects text such as \"0644\", not " + typeOf(mode));
    }
    return contentProblem(node + ": content", obj.text("content").orElse(DEFAULT_CONTENT))
        .or(() -> modeProblem(node + ": mode", obj.text("mode").orElse(DEFAULT_MODE)));
  }

  private String attributeTypeProblem(String attribute, NodeValue value) {
    String problem = node + " sets " + attribute + " of " + devicePath + " and expects text, not "
        + typeOf(value);
    // The likely cause of an object here: an attempt to manage a file literally named Content or Mode.
    return value instanceof NodeValue.Obj
        ? problem + "; a file named '" + node.segments().get(node.segments().size() - 1)
            + "' cannot be managed, since that name addresses its folder's attribute"
        : problem;
  }

  private static Optional<String> contentProblem(String what, String content) {
    return StandardCharsets.UTF_8.newEncoder().canEncode(content)
        ? Optional.empty()
        : Optional.of(what + " is not valid Unicode text (it holds an unpaired surrogate), so it cannot be UTF-8");
  }

  private static Optional<String> modeProblem(String what, String mode) {
    return MODE.matcher(mode).matches()
        ? Optional.empty()
        : Optional.of(what + " expects four octal digits starting with 0, such as 0644, not '" + mode + "'");
  }

  private static String typeOf(NodeValue value) {
    if (value instanceof NodeValue.Text) {
      return "text";
    }
    if (value instanceof NodeValue.Num) {
      return "a number";
    }
    if (value instanceof NodeValue.Bool) {
      return "a boolean";
    }
    if (value instanceof NodeValue.Seq) {
      return "a list";
    }
    return value instanceof NodeValue.Obj ? "an object" : "no value";
  }
}
