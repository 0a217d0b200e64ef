package dev.converge.emulator.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits query text into {@link Token}s. Strings take single or double quotes with the escapes IoT Hub documents
 * ({@code \'}, {@code \"}, {@code \\}, {@code \}{@code uXXXX}) plus JSON's {@code \/ \b \f \n \r \t}; numbers are
 * decimal (optionally negative, with fraction and exponent) or hexadecimal {@code 0x…}.
 */
final class Lexer {

  private static final Set<String> TWO_CHAR_SYMBOLS = Set.of("!=", "<>", "<=", ">=");
  private static final String ONE_CHAR_SYMBOLS = "=<>(),.[]*";

  private final String text;
  private int pos;

  private Lexer(String text) {
    this.text = text;
  }

  static List<Token> tokenize(String text) {
    return new Lexer(text).all();
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (pos >= text.length()) {
        tokens.add(new Token(Token.Kind.END, "", pos + 1));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private Token next() {
    int start = pos;
    char c = text.charAt(pos);
    if (c == '\'' || c == '"') {
      return string(c);
    }
    if (isDigit(c) || (c == '-' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
      return number();
    }
    if (isWordStart(c)) {
      while (pos < text.length() && isWordPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Token.Kind.WORD, text.substring(start, pos), start + 1);
    }
    if (text.startsWith("[[", pos)) {
      int close = text.indexOf("]]", pos + 2);
      if (close < 0) {
        throw new QueryException(start + 1, "'[[' is never closed by ']]'");
      }
      String segment = text.substring(pos + 2, close);
      if (segment.isEmpty()) {
        throw new QueryException(start + 1, "'[[]]' names no property");
      }
      pos = close + 2;
      return new Token(Token.Kind.SEGMENT, segment, start + 1);
    }
    if (pos + 1 < text.length() && TWO_CHAR_SYMBOLS.contains(text.substring(pos, pos + 2))) {
      pos += 2;
      return new Token(Token.Kind.SYMBOL, text.substring(start, pos), start + 1);
    }
    if (ONE_CHAR_SYMBOLS.indexOf(c) >= 0) {
      pos++;
      return new Token(Token.Kind.SYMBOL, String.valueOf(c), start + 1);
    }
    throw new QueryException(start + 1, "unexpected character '" + c + "'");
  }

  private Token string(char quote) {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == quote) {
        pos++;
        return new Token(Token.Kind.STRING, value.toString(), start + 1);
      }
      if (c == '\\') {
        value.append(escape());
      } else {
        value.append(c);
        pos++;
      }
    }
    throw new QueryException(start + 1, "string starting with " + quote + " is never closed");
  }

  /** Decodes the escape sequence at {@code pos} (a backslash) and moves past it. */
  private char escape() {
    int at = pos;
    if (pos + 1 >= text.length()) {
      throw new QueryException(at + 1, "a backslash must be followed by an escape character");
    }
    char e = text.charAt(pos + 1);
    pos += 2;
    switch (e) {
      case '\'', '"', '\\', '/':
        return e;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        if (pos + 4 <= text.length()) {
          String hex = text.substring(pos, pos + 4);
          if (hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
            pos += 4;
            return (char) Integer.parseInt(hex, 16);
          }
        }
        throw new QueryException(at + 1, "\\u must be followed by four hexadecimal digits");
      default:
        throw new QueryException(at + 1, "unknown escape sequence '\\" + e + "'");
    }
  }

  private Token number() {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
      pos += 2;
      int digits = pos;
      while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
        pos++;
      }
      if (pos == digits) {
        throw new QueryException(start + 1, "'0x' must be followed by hexadecimal digits");
      }
    } else {
      digits();
      if (pos < text.length() && text.charAt(pos) == '.') {
        pos++;
        if (digits() == 0) {
          throw new QueryException(start + 1, "a decimal point must be followed by digits");
        }
      }
      if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        pos++;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
          pos++;
        }
        if (digits() == 0) {
          throw new QueryException(start + 1, "an exponent must have digits");
        }
      }
    }
    if (pos < text.length() && isWordPart(text.charAt(pos))) {
      throw new QueryException(start + 1, "malformed number '" + text.substring(start, wordEnd()) + "'");
    }
    return new Token(Token.Kind.NUMBER, text.substring(start, pos), start + 1);
  }

  private int digits() {
    int from = pos;
    while (pos < text.length() && isDigit(text.charAt(pos))) {
      pos++;
    }
    return pos - from;
  }

  private int wordEnd() {
    int end = pos;
    while (end < text.length() && isWordPart(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isWordStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }

  static boolean isWordPart(char c) {
    return isWordStart(c) || isDigit(c);
  }
}
