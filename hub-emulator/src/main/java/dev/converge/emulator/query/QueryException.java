package dev.converge.emulator.query;

/**
 * A query, target condition or metric that cannot be parsed. The message names the 1-based column and the offending
 * text, e.g. {@code Query syntax error at column 23: expected a value after '=' but found end of query}; nothing is
 * ever evaluated from a query that failed to parse.
 */
public final class QueryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int column;

  QueryException(int column, String detail) {
    super("Query syntax error at column " + column + ": " + detail);
    this.column = column;
  }

  /** The 1-based column of the offending text in the string that was parsed. */
  public int column() {
    return column;
  }
}
