package dev.converge.agent.cli;

import dev.converge.engine.model.NodeValue;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell, for the commands' table output. */
final class TextTable {

  private static final int MAX_CELL = 60;

  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    rows.add(header.clone());
  }

  TextTable row(String... cells) {
    if (cells.length != rows.get(0).length) {
      throw new IllegalArgumentException("a row needs " + rows.get(0).length + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  /** Whether there are no rows besides the header. */
  boolean isEmpty() {
    return rows.size() == 1;
  }

  /** The table, one line per row, each ending in a line break. */
  String render() {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** A value as one short cell: strings unquoted, line breaks as {@code \n}, long values cut. */
  static String cell(NodeValue value) {
    return cell(value.display());
  }

  static String cell(String text) {
    String s = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 3) + "..." : s;
  }
}
