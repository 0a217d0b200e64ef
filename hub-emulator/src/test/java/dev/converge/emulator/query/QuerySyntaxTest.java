package dev.converge.emulator.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every malformed query fails whole, naming the column and the offending text. */
class QuerySyntaxTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "SELECT * FROM devices WHERE tags.a = | 37 | expected a value after '=' but found end of query",
      "SELECT * FROM devices WHERE tags.a = AND | 38 | expected a value after '=' but found 'AND'",
      "SELECT * FROM devices WHERE | 28 | expected a condition but found end of query",
      "SELECT * FROM devices WHERE NOT | 32 | expected a condition but found end of query",
      "SELECT * FROM devices WHERE (tags.a = 1 | 40 | expected ')' to close the '(' at column 29 but found end of query",
      "SELECT * FROM devices WHERE tags.a = 1 tags.b = 2 | 40 | expected AND, OR or the end of the query but found 'tags'",
      "SELECT * FROM devices WHERE tags.a = 'open | 38 | string starting with ' is never closed",
      "SELECT * FROM devices WHERE tags.a = 'a\\q' | 40 | unknown escape sequence '\\q'",
      "SELECT * FROM devices WHERE tags.a = '\\u12' | 39 | \\u must be followed by four hexadecimal digits",
      "SELECT * FROM devices WHERE tags.a # 1 | 36 | unexpected character '#'",
      "SELECT * FROM devices WHERE tags.a = 1.x | 38 | a decimal point must be followed by digits",
      "SELECT * FROM devices WHERE tags.a = 12abc | 38 | malformed number '12abc'",
      "SELECT * FROM devices WHERE tags. = 1 | 35 | expected a property name after '.' but found '='",
      "SELECT * FROM devices WHERE configurations.[[cfg.status = 1 | 44 | '[[' is never closed by ']]'",
      "SELECT * FROM devices WHERE tags.[[]] = 1 | 34 | '[[]]' names no property",
      "SELECT * FROM devices WHERE tags.a IN ('x') | 39 | expected '[' to start the list after IN but found '('",
      "SELECT * FROM devices WHERE tags.a IN ['x' 'y'] | 44 | expected ',' or ']' in the IN list but found string 'y'",
      "SELECT * FROM devices WHERE tags.a NIN [tags.b] | 41 | expected a constant in the NIN list but found 'tags'",
      "SELECT * FROM devices WHERE tags.a IS NULL | 36 | 'IS' is not supported; use IS_DEFINED(path) or IS_NULL(path)",
      "SELECT * FROM devices WHERE LOWER(tags.a) = 'x' | 29 | unknown function 'LOWER'; supported are IS_DEFINED, IS_NULL, STARTSWITH, ENDSWITH",
      "SELECT * FROM devices WHERE STARTSWITH(tags.a) | 29 | STARTSWITH takes 2 arguments but was given 1",
      "SELECT * FROM devices WHERE IS_DEFINED('x') | 40 | expected an argument to IS_DEFINED but found string 'x'",
      "SELECT * FROM devices WHERE IS_NULL(tags.a | 43 | expected ')' to close IS_NULL( but found end of query",
      "SELECT * FROM devices WHERE tags.a = 1 GROUP BY tags.a | 40 | GROUP BY is not supported",
      "SELECT * FROM devices ORDER BY deviceId | 23 | ORDER BY is not supported",
      "SELECT * FROM devices deviceId | 23 | expected WHERE or the end of the query but found 'deviceId'",
      "SELECT * FROM twins | 15 | expected 'devices' or 'devices.modules' but found 'twins'",
      "SELECT * FROM devices.jobs | 23 | queries on devices.jobs are not supported",
      "SELECT * FROM devices.things | 23 | expected 'modules' after 'devices.' but found 'things'",
      "SELECT * | 9 | expected FROM after the selected properties but found end of query",
      "FROM devices | 1 | expected a query to start with SELECT but found 'FROM'",
      "SELECT FROM devices | 8 | expected a property to select but found 'FROM'",
      "SELECT deviceId, FROM devices | 18 | expected a property to select but found 'FROM'",
      "SELECT deviceId AS FROM devices | 20 | expected a name after AS but found 'FROM'",
      "SELECT COUNT(), deviceId FROM devices | 15 | COUNT() cannot be combined with other projections (GROUP BY is not supported)",
      "SELECT deviceId, COUNT() FROM devices | 18 | COUNT() cannot be combined with other projections (GROUP BY is not supported)",
      "SELECT TOP 0 * FROM devices | 12 | expected a positive whole number after TOP but found '0'",
      "SELECT TOP x * FROM devices | 12 | expected a positive whole number after TOP but found 'x'",
      "`   ` | 4 | expected a query to start with SELECT but found end of query",
  })
  void a_malformed_query_names_the_column_and_the_offending_text(String query, int column, String detail) {
    QueryException e = catchThrowableOfType(QueryException.class, () -> Query.parse(query));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).isEqualTo("Query syntax error at column " + column + ": " + detail);
    assertThat(e.column()).isEqualTo(column);
  }
}
