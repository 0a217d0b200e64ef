package dev.converge.emulator.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Recursive-descent parser for the query subset. Grammar (keywords case-insensitive):
 *
 * <pre>
 * query      := SELECT [TOP int] projection FROM collection [WHERE condition]
 * projection := '*' | COUNT '(' ')' [AS name] | path [AS name] (',' path [AS name])*
 * collection := devices | devices.modules
 * target     := '*' | condition | FROM collection WHERE condition
 * condition  := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | '(' condition ')' | function '(' operand (',' operand)* ')'
 *             | operand [compare operand | (IN | NIN) '[' [literal (',' literal)*] ']']
 * operand    := literal | path
 * path       := segment ('.' segment)*        segment := word | '[[' any text but ']]' ']]'
 * compare    := '=' | '!=' | '&lt;&gt;' | '&lt;' | '&gt;' | '&lt;=' | '&gt;='
 * </pre>
 *
 * Every error names the column of the offending token; nothing is returned from a failed parse.
 */
final class Parser {

  /** The name IoT Hub gives an unaliased {@code COUNT()}, as Cosmos DB's SQL does. */
  static final String DEFAULT_COUNT_NAME = "$1";

  /** What {@link #target} produced. */
  record Target(Source source, Condition condition) {}

  private final List<Token> tokens;
  private int index;

  private Parser(String text) {
    this.tokens = Lexer.tokenize(text);
  }

  static Query query(String text) {
    Parser p = new Parser(text);
    p.expectWord("SELECT", "a query to start with SELECT");
    Integer top = null;
    if (p.peek().isWord("TOP")) {
      p.index++;
      top = p.positiveInteger();
    }
    Projection projection = p.projection();
    p.expectWord("FROM", "FROM after the selected properties");
    Source source = p.collection();
    Condition where = null;
    if (p.peek().isWord("WHERE")) {
      p.index++;
      where = p.condition();
      p.expectEnd("AND, OR or the end of the query");
    } else {
      p.expectEnd("WHERE or the end of the query");
    }
    return new Query(text, source, projection, where, top);
  }

  /**
   * A configuration's target condition other than {@code *} and the empty string, which the caller handles: a bare
   * condition on device twins, or {@code FROM devices[.modules] WHERE condition}.
   */
  static Target target(String text) {
    Parser p = new Parser(text);
    Source source = Source.DEVICES;
    if (p.peek().isWord("FROM")) {
      p.index++;
      source = p.collection();
      p.expectWord("WHERE", "WHERE after the collection");
    }
    Condition condition = p.condition();
    p.expectEnd("AND, OR or the end of the condition");
    return new Target(source, condition);
  }

  /** A bare condition, as a {@code WHERE} clause holds. */
  static Condition condition(String text) {
    Parser p = new Parser(text);
    Condition condition = p.condition();
    p.expectEnd("AND, OR or the end of the condition");
    return condition;
  }

  // --- clauses ---

  private Projection projection() {
    if (peek().isSymbol("*")) {
      index++;
      return new Projection.All();
    }
    if (peek().isWord("COUNT") && peek(1).isSymbol("(")) {
      index += 2;
      expectSymbol(")", "')' to close COUNT(");
      String name = peek().isWord("AS") ? alias() : DEFAULT_COUNT_NAME;
      if (peek().isSymbol(",")) {
        throw error(peek(), "COUNT() cannot be combined with other projections (GROUP BY is not supported)");
      }
      return new Projection.Count(name);
    }
    List<Projection.Property> properties = new ArrayList<>();
    Set<String> names = new HashSet<>();
    do {
      Token start = peek();
      if (start.isWord("COUNT") && peek(1).isSymbol("(")) {
        throw error(start, "COUNT() cannot be combined with other projections (GROUP BY is not supported)");
      }
      Path path = path("a property to select");
      String name = peek().isWord("AS") ? alias() : path.name();
      if (!names.add(name)) {
        throw error(start, "the selected property name '" + name + "' is used twice; rename one with AS");
      }
      properties.add(new Projection.Property(path, name));
    } while (accept(","));
    return new Projection.Properties(properties);
  }

  private String alias() {
    index++; // AS
    Token t = peek();
    if (t.kind() == Token.Kind.SEGMENT || (t.kind() == Token.Kind.WORD && !isReserved(t))) {
      index++;
      return t.text();
    }
    throw expected("a name after AS", t);
  }

  private Source collection() {
    Token t = peek();
    if (!t.isWord("devices")) {
      throw expected("'devices' or 'devices.modules'", t);
    }
    index++;
    if (!accept(".")) {
      return Source.DEVICES;
    }
    Token sub = peek();
    if (sub.isWord("modules")) {
      index++;
      return Source.MODULES;
    }
    if (sub.isWord("jobs")) {
      throw error(sub, "queries on devices.jobs are not supported");
    }
    throw expected("'modules' after 'devices.'", sub);
  }

  private int positiveInteger() {
    Token t = peek();
    if (t.kind() == Token.Kind.NUMBER && t.text().matches("[0-9]+")) {
      BigInteger n = new BigInteger(t.text());
      if (n.signum() > 0 && n.bitLength() < Integer.SIZE) {
        index++;
        return n.intValue();
      }
    }
    throw expected("a positive whole number after TOP", t);
  }

  // --- conditions ---

  private Condition condition() {
    Condition left = and();
    while (peek().isWord("OR")) {
      index++;
      left = new Condition.Or(left, and());
    }
    return left;
  }

  private Condition and() {
    Condition left = not();
    while (peek().isWord("AND")) {
      index++;
      left = new Condition.And(left, not());
    }
    return left;
  }

  private Condition not() {
    Token t = peek();
    if (t.isWord("NOT")) {
      index++;
      return new Condition.Not(not());
    }
    if (t.isSymbol("(")) {
      index++;
      Condition inner = condition();
      expectSymbol(")", "')' to close the '(' at column " + t.column());
      return inner;
    }
    Condition.Function function = t.kind() == Token.Kind.WORD && peek(1).isSymbol("(")
        ? Condition.Function.named(t.text()) : null;
    if (function != null) {
      return call(function);
    }
    if (t.kind() == Token.Kind.WORD && peek(1).isSymbol("(")) {
      throw error(t, "unknown function '" + t.text() + "'; supported are IS_DEFINED, IS_NULL, STARTSWITH, ENDSWITH");
    }
    if (t.kind() == Token.Kind.END) {
      throw expected("a condition", t);
    }
    Operand left = operand("a condition");
    Token op = peek();
    if (op.kind() == Token.Kind.SYMBOL) {
      Condition.Operator operator = Condition.Operator.bySymbol(op.text());
      if (operator != null) {
        index++;
        return new Condition.Comparison(left, operator, operand("a value after '" + op.text() + "'"));
      }
    }
    if (op.isWord("IN") || op.isWord("NIN")) {
      index++;
      return new Condition.Membership(left, op.isWord("NIN"), list(op.text().toUpperCase(Locale.ROOT)));
    }
    if (op.isWord("IS")) {
      throw error(op, "'IS' is not supported; use IS_DEFINED(path) or IS_NULL(path)");
    }
    return new Condition.Truthy(left);
  }

  private Condition call(Condition.Function function) {
    Token name = peek();
    index += 2; // name and '('
    List<Operand> arguments = new ArrayList<>();
    if (!peek().isSymbol(")")) {
      do {
        String what = "an argument to " + function;
        if (function == Condition.Function.IS_DEFINED) {
          arguments.add(path(what));
        } else {
          arguments.add(operand(what));
        }
      } while (accept(","));
    }
    expectSymbol(")", "')' to close " + function + "(");
    if (arguments.size() != function.arity()) {
      throw error(name, function + " takes " + function.arity() + " argument" + (function.arity() == 1 ? "" : "s")
          + " but was given " + arguments.size());
    }
    return new Condition.Call(function, arguments);
  }

  private List<Literal> list(String operator) {
    expectSymbol("[", "'[' to start the list after " + operator);
    List<Literal> values = new ArrayList<>();
    if (!peek().isSymbol("]")) {
      do {
        values.add(literal("a constant in the " + operator + " list"));
      } while (accept(","));
    }
    expectSymbol("]", "',' or ']' in the " + operator + " list");
    return values;
  }

  private Operand operand(String what) {
    Token t = peek();
    Literal literal = tryLiteral();
    if (literal != null) {
      return literal;
    }
    if (t.kind() == Token.Kind.SEGMENT || (t.kind() == Token.Kind.WORD && !isReserved(t))) {
      return path(what);
    }
    throw expected(what, t);
  }

  private Literal literal(String what) {
    Literal literal = tryLiteral();
    if (literal == null) {
      throw expected(what, peek());
    }
    return literal;
  }

  private @Nullable Literal tryLiteral() {
    Token t = peek();
    Literal literal = null;
    if (t.kind() == Token.Kind.STRING) {
      literal = Literal.string(t.text());
    } else if (t.kind() == Token.Kind.NUMBER) {
      literal = Literal.number(number(t.text()));
    } else if (t.isWord("true") || t.isWord("false")) {
      literal = Literal.bool(t.isWord("true"));
    } else if (t.isWord("null")) {
      literal = Literal.nullValue();
    }
    if (literal != null) {
      index++;
    }
    return literal;
  }

  private static BigDecimal number(String text) {
    boolean negative = text.startsWith("-");
    String body = negative ? text.substring(1) : text;
    BigDecimal value = body.startsWith("0x") || body.startsWith("0X")
        ? new BigDecimal(new BigInteger(body.substring(2), 16)) : new BigDecimal(body);
    return negative ? value.negate() : value;
  }

  private Path path(String what) {
    List<String> segments = new ArrayList<>();
    segments.add(segment(what, true));
    while (accept(".")) {
      segments.add(segment("a property name after '.'", false));
    }
    return new Path(segments);
  }

  /** A path segment; after a dot any word is a name, keywords included, but a path cannot start with a keyword. */
  private String segment(String what, boolean first) {
    Token t = peek();
    if (t.kind() == Token.Kind.SEGMENT || (t.kind() == Token.Kind.WORD && !(first && isReserved(t)))) {
      index++;
      return t.text();
    }
    throw expected(what, t);
  }

  // --- tokens ---

  private Token peek() {
    return peek(0);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private boolean accept(String symbol) {
    if (peek().isSymbol(symbol)) {
      index++;
      return true;
    }
    return false;
  }

  private void expectSymbol(String symbol, String what) {
    if (!accept(symbol)) {
      throw expected(what, peek());
    }
  }

  private void expectWord(String keyword, String what) {
    if (!peek().isWord(keyword)) {
      throw expected(what, peek());
    }
    index++;
  }

  private void expectEnd(String what) {
    Token t = peek();
    if (t.kind() == Token.Kind.END) {
      return;
    }
    if (t.isWord("GROUP") || t.isWord("ORDER")) {
      throw error(t, t.text().toUpperCase(Locale.ROOT) + " BY is not supported");
    }
    throw expected(what, t);
  }

  private static boolean isReserved(Token t) {
    return t.kind() == Token.Kind.WORD && Path.RESERVED.contains(t.text().toLowerCase(Locale.ROOT));
  }

  private static QueryException expected(String what, Token found) {
    return error(found, "expected " + what + " but found " + found.describe());
  }

  private static QueryException error(Token at, String detail) {
    return new QueryException(at.column(), detail);
  }
}
