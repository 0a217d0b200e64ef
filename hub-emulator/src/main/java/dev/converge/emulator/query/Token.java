package dev.converge.emulator.query;

/**
 * One lexical unit of a query.
 *
 * @param kind what sort of token
 * @param text a word or symbol as written; for {@link Kind#STRING} the decoded value; for {@link Kind#SEGMENT} the
 *     text between {@code [[} and {@code ]]}
 * @param column 1-based column of the token's first character
 */
record Token(Kind kind, String text, int column) {

  enum Kind {
    /** An identifier or keyword; keywords are recognised by the parser, case-insensitively. */
    WORD,
    /** A {@code [[...]]} path segment, which may hold characters a word cannot, such as {@code -}. */
    SEGMENT,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  boolean isWord(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** How an error message shows this token. */
  String describe() {
    return switch (kind) {
      case END -> "end of query";
      case STRING -> "string " + Literal.quote(text);
      case SEGMENT -> "'[[" + text + "]]'";
      default -> "'" + text + "'";
    };
  }
}
