package dev.converge.adapters.logs;

import dev.converge.engine.model.NodePath;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of the logs adapter, taken apart: the action its last segment names and the folder and file names
 * before it.
 *
 * @param names the segments between {@code Logs} and the action, as addressed (not yet checked)
 */
record LogNode(NodePath node, Action action, List<String> names) {

  /** What a command node does, and how many names (folder, then file) it takes. */
  enum Action {
    ENUMERATE_FOLDERS("EnumerateFolders", 0),
    ENUMERATE_FILES("EnumerateFiles", 1),
    DELETE("Delete", 2);

    private final String segment;
    private final int names;

    Action(String segment, int names) {
      this.segment = segment;
      this.names = names;
    }

    String segment() {
      return segment;
    }

    int names() {
      return names;
    }
  }

  static final String ROOT_SEGMENT = "Logs";

  LogNode {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(action, "action");
    names = List.copyOf(names);
  }

  /**
   * Reads a node path of the scheme {@code ./Logs[/<name>...]/<Action>}.
   *
   * @return empty when the path is not below {@code ./Logs} or does not end in an action
   */
  static Optional<LogNode> parse(NodePath node) {
    List<String> segments = node.segments();
    if (segments.size() < 2 || !segments.get(0).equals(ROOT_SEGMENT)) {
      return Optional.empty();
    }
    String last = segments.get(segments.size() - 1);
    for (Action a : Action.values()) {
      if (a.segment().equals(last)) {
        return Optional.of(new LogNode(node, a, segments.subList(1, segments.size() - 1)));
      }
    }
    return Optional.empty();
  }

  /** Whether the node has as many names as its action takes; more means a name held a {@code /}. */
  boolean hasExpectedNames() {
    return names.size() == action.names();
  }

  /** The names as one text, for messages: {@code a/b} when a name held a slash. */
  String joinedNames() {
    return String.join("/", names);
  }

  /**
   * Why a folder or file name cannot be a log's name, or empty when it can: a log name is one file name that does
   * not start with {@code .} (which also rules out {@code .} and {@code ..}, hidden files and the temporary files
   * of atomic writes).
   */
  static Optional<String> nameProblem(String name) {
    if (name.isEmpty()) {
      return Optional.of("it is empty");
    }
    if (name.contains("/")) {
      return Optional.of("it contains '/'; a log folder or file is named by one name, not a path");
    }
    if (name.equals("..") || name.equals(".")) {
      return Optional.of("it names a folder by '" + name + "', which could lead out of the log folder");
    }
    if (name.startsWith(".")) {
      return Optional.of("it starts with '.'; hidden and temporary files are not logs");
    }
    return Optional.empty();
  }
}
