package dev.converge.emulator.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Laws of the condition language over random conditions and random twins: printing and re-parsing gives the same
 * tree, De Morgan's laws hold in the three-valued logic, and no twin is selected by both a condition and its
 * negation.
 */
class QueryProperties {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Property(tries = 500)
  void printing_a_condition_and_parsing_it_back_gives_the_same_condition(@ForAll("conditions") Condition c) {
    assertThat(Parser.condition(c.toString())).isEqualTo(c);
    assertThat(Query.parse("SELECT * FROM devices WHERE " + c).toString())
        .isEqualTo("SELECT * FROM devices WHERE " + c);
  }

  @Property(tries = 1000)
  void not_of_and_is_or_of_nots_and_not_of_or_is_and_of_nots(
      @ForAll("conditions") Condition a, @ForAll("conditions") Condition b, @ForAll("twins") ObjectNode twin) {
    Truth notAnd = new Condition.Not(new Condition.And(a, b)).evaluate(twin);
    Truth orNots = new Condition.Or(new Condition.Not(a), new Condition.Not(b)).evaluate(twin);
    Truth notOr = new Condition.Not(new Condition.Or(a, b)).evaluate(twin);
    Truth andNots = new Condition.And(new Condition.Not(a), new Condition.Not(b)).evaluate(twin);

    Statistics.label("NOT (a AND b)").collect(notAnd);
    assertThat(orNots).isEqualTo(notAnd);
    assertThat(andNots).isEqualTo(notOr);
    Statistics.label("NOT (a AND b)").coverage(cov -> {
      for (Truth t : Truth.values()) {
        cov.check(t).count(n -> n > 0);
      }
    });
  }

  @Property(tries = 1000)
  void a_query_and_its_negation_never_both_select_a_twin(
      @ForAll("conditions") Condition c, @ForAll("twins") ObjectNode twin) {
    boolean selected = Query.parse("SELECT * FROM devices WHERE " + c).matches(twin);
    boolean negationSelected = Query.parse("SELECT * FROM devices WHERE NOT (" + c + ")").matches(twin);

    assertThat(selected && negationSelected).isFalse();
  }

  // --- generators ---

  private static final List<List<String>> PATHS = List.of(
      List.of("tags", "a"), List.of("tags", "b"), List.of("tags", "nested", "c"),
      List.of("properties", "reported", "a"), List.of("configurations", "my-config", "status"),
      List.of("tags", "select"), List.of("tags", "$version"), List.of("tags", "with space"), List.of("deviceId"));

  @Provide
  Arbitrary<Condition> conditions() {
    return condition(3);
  }

  private Arbitrary<Condition> condition(int depth) {
    Arbitrary<Condition> leaf = Arbitraries.oneOf(comparison(), membership(), call(), truthy());
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Condition> sub = Arbitraries.lazy(() -> condition(depth - 1));
    return Arbitraries.frequencyOf(
        Tuple.of(4, leaf),
        Tuple.of(1, sub.map(Condition.Not::new)),
        Tuple.of(1, Combinators.combine(sub, sub).as(Condition.And::new)),
        Tuple.of(1, Combinators.combine(sub, sub).as(Condition.Or::new)));
  }

  private Arbitrary<Condition> comparison() {
    return Combinators.combine(operand(), Arbitraries.of(Condition.Operator.class), operand())
        .as(Condition.Comparison::new);
  }

  private Arbitrary<Condition> membership() {
    return Combinators.combine(operand(), Arbitraries.of(true, false), literal().list().ofMaxSize(3))
        .as(Condition.Membership::new);
  }

  private Arbitrary<Condition> call() {
    Arbitrary<Condition> unary = Combinators.combine(
        Arbitraries.of(Condition.Function.IS_DEFINED, Condition.Function.IS_NULL), path())
        .as((f, p) -> new Condition.Call(f, List.of(p)));
    Arbitrary<Condition> binary = Combinators.combine(
        Arbitraries.of(Condition.Function.STARTSWITH, Condition.Function.ENDSWITH), operand(), operand())
        .as((f, a, b) -> new Condition.Call(f, List.of(a, b)));
    return Arbitraries.oneOf(unary, binary);
  }

  private Arbitrary<Condition> truthy() {
    return operand().map(Condition.Truthy::new);
  }

  private Arbitrary<Operand> operand() {
    return Arbitraries.oneOf(path().map(p -> (Operand) p), literal().map(l -> (Operand) l));
  }

  private Arbitrary<Path> path() {
    return Arbitraries.of(PATHS).map(Path::new);
  }

  private Arbitrary<Literal> literal() {
    return Arbitraries.oneOf(
        Arbitraries.of("x", "y", "X", "", "it's", "back\\slash", "quote\"d", "tab\there", "é€😀", "applied")
            .map(Literal::string),
        Arbitraries.of("0", "1", "-1", "1.5", "2.50", "1e3", "-0.001", "12345678901234567890")
            .map(n -> Literal.number(new BigDecimal(n))),
        Arbitraries.of(true, false).map(Literal::bool),
        Arbitraries.just(Literal.nullValue()));
  }

  @Provide
  Arbitrary<ObjectNode> twins() {
    Arbitrary<Object> value = Arbitraries.oneOf(
        Arbitraries.of("x", "y", "X", "applied", "").map(v -> (Object) v),
        Arbitraries.of(0L, 1L, -1L).map(v -> (Object) v),
        Arbitraries.of(1.5, 1000.0).map(v -> (Object) v),
        Arbitraries.of(true, false).map(v -> (Object) v),
        Arbitraries.of(Missing.MISSING, Missing.NULL, Missing.OBJECT).map(v -> (Object) v));
    return value.list().ofSize(PATHS.size()).map(values -> {
      ObjectNode twin = NODES.objectNode();
      for (int i = 0; i < PATHS.size(); i++) {
        put(twin, PATHS.get(i), values.get(i));
      }
      return twin;
    });
  }

  private enum Missing { MISSING, NULL, OBJECT }

  private static void put(ObjectNode twin, List<String> path, Object value) {
    if (value == Missing.MISSING) {
      return;
    }
    ObjectNode parent = twin;
    for (String segment : path.subList(0, path.size() - 1)) {
      parent = parent.has(segment) ? (ObjectNode) parent.get(segment) : parent.putObject(segment);
    }
    String last = path.get(path.size() - 1);
    if (value == Missing.NULL) {
      parent.putNull(last);
    } else if (value == Missing.OBJECT) {
      parent.putObject(last).put("inner", 1);
    } else if (value instanceof String s) {
      parent.put(last, s);
    } else if (value instanceof Long n) {
      parent.put(last, n);
    } else if (value instanceof Double d) {
      parent.put(last, d);
    } else {
      parent.put(last, (Boolean) value);
    }
  }
}
