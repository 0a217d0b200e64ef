package dev.converge.emulator.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A parsed IoT Hub query: {@code SELECT [TOP n] * | COUNT() [AS n] | path [AS name], … FROM devices | devices.modules
 * [WHERE condition]}. Keywords are case-insensitive; property paths and values are case-sensitive. See the package
 * documentation for the condition semantics and {@link Parser} for the grammar.
 *
 * <p>Immutable and thread-safe. Twins passed in are only read, and every row returned is a fresh tree.
 */
public final class Query {

  private final String text;
  private final Source source;
  private final Projection projection;
  private final @Nullable Condition where;
  private final @Nullable Integer top;

  Query(String text, Source source, Projection projection, @Nullable Condition where, @Nullable Integer top) {
    this.text = text;
    this.source = source;
    this.projection = projection;
    this.where = where;
    this.top = top;
  }

  /**
   * Parses {@code text}.
   *
   * @throws QueryException naming the column of the first problem
   */
  public static Query parse(String text) {
    Objects.requireNonNull(text, "text");
    return Parser.query(text);
  }

  /** The collection named after {@code FROM}; the caller passes twins of this collection to {@link #execute}. */
  public Source source() {
    return source;
  }

  /** Whether the query counts ({@code SELECT COUNT()}) rather than returning one row per twin. */
  public boolean isCount() {
    return projection instanceof Projection.Count;
  }

  /** Whether {@code twin} satisfies the {@code WHERE} clause (a query without one matches every twin). */
  public boolean matches(ObjectNode twin) {
    Objects.requireNonNull(twin, "twin");
    return where == null || where.evaluate(twin) == Truth.TRUE;
  }

  /**
   * Runs the query over {@code twins}, in their order: keeps those the {@code WHERE} clause holds for, projects
   * them, and applies {@code TOP}. {@code SELECT *} returns each twin whole; a path projection returns one object per
   * twin keyed by alias or the path's last segment, leaving out properties the twin lacks; {@code COUNT()} returns
   * exactly one row.
   */
  public List<ObjectNode> execute(List<ObjectNode> twins) {
    List<ObjectNode> selected = twins.stream().filter(this::matches).collect(Collectors.toList());
    List<ObjectNode> rows = projection.rows(selected);
    return top == null || rows.size() <= top ? rows : List.copyOf(rows.subList(0, top));
  }

  /** The text this query was parsed from. */
  public String text() {
    return text;
  }

  /** The query in canonical form (keywords upper-case, conditions fully parenthesised); it parses to an equal query. */
  @Override
  public String toString() {
    return "SELECT " + (top == null ? "" : "TOP " + top + " ") + projection + " FROM " + source.collection()
        + (where == null ? "" : " WHERE " + where);
  }
}
