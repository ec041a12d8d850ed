package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BigQueryDialectTest {

  private static void assertRewrite(String expected, String bigQuery) {
    assertEquals(expected, BigQueryDialect.rewrite(bigQuery));
  }

  @Test
  void backquotedTableNamesKeepTheirLastPart() {
    assertRewrite("SELECT * FROM \"crash_events\" AS e",
        "SELECT * FROM `my-project.crashflow.crash_events` AS e");
    assertRewrite("SELECT \"issue_id\" FROM \"crash_events\"",
        "SELECT `issue_id` FROM `crash_events`");
  }

  @Test
  void unnestAliasInFromBecomesTableAndColumnAlias() {
    assertRewrite("SELECT k.key FROM t, UNNEST(t.custom_keys) AS k(k) WHERE k.value = 'x'",
        "SELECT k.key FROM t, UNNEST(t.custom_keys) AS k WHERE k.value = 'x'");
    assertRewrite("SELECT f FROM t CROSS JOIN UNNEST(t.e) f(f) LEFT JOIN UNNEST(f.g) AS g(g) ON TRUE",
        "SELECT f FROM t CROSS JOIN UNNEST(t.e) f LEFT JOIN UNNEST(f.g) AS g ON TRUE");
  }

  @Test
  void unnestOutsideFromOrAlreadyAliasedIsLeftAlone() {
    for (String sql : Map.of(
        "select", "SELECT UNNEST(tags) AS tag FROM t",
        "duckdb alias", "SELECT x.v FROM t, UNNEST(t.e) AS x(v)",
        "no alias", "SELECT * FROM t, UNNEST(t.e) WHERE TRUE",
        "in where", "SELECT * FROM t WHERE 'a' IN UNNEST(tags)",
        "in string", "SELECT 'FROM t, UNNEST(x) AS y' FROM t").values()) {
      assertRewrite(sql, sql);
    }
  }

  @Test
  void unnestInsideSubqueryOfSelectListIsRewrittenForItsOwnFrom() {
    assertRewrite("SELECT (SELECT COUNT(*) FROM UNNEST(t.e) AS x(x) WHERE x.a > 1) AS n FROM t",
        "SELECT (SELECT COUNT(*) FROM UNNEST(t.e) AS x WHERE x.a > 1) AS n FROM t");
  }

  @Test
  void offsetAndOrdinalSubscriptsBecomeOneBased() {
    assertRewrite("SELECT e[1 + (0)].type, e[(1)], e[1 + (n - 1)] FROM t",
        "SELECT e[OFFSET(0)].type, e[ORDINAL(1)], e[SAFE_OFFSET(n - 1)] FROM t");
  }

  @Test
  void selectStarExceptBecomesExclude() {
    assertRewrite("SELECT * EXCLUDE (raw) FROM t EXCEPT (SELECT * FROM u)",
        "SELECT * EXCEPT (raw) FROM t EXCEPT (SELECT * FROM u)");
  }

  @Test
  void datePartFunctionsTakeTheirPartAsAString() {
    assertRewrite("SELECT date_trunc('day', event_timestamp) FROM t",
        "SELECT TIMESTAMP_TRUNC(event_timestamp, DAY) FROM t");
    assertRewrite("SELECT datesub('hour', a, CURRENT_TIMESTAMP())",
        "SELECT TIMESTAMP_DIFF(CURRENT_TIMESTAMP(), a, HOUR)");
    assertRewrite("SELECT date_diff('day', DATE(x[1 + (0)]), d)",
        "SELECT DATE_DIFF(d, DATE(x[OFFSET(0)]), DAY)");
    // DuckDB's own form, with the part as a string first, passes through.
    assertRewrite("SELECT date_trunc('day', ts)", "SELECT date_trunc('day', ts)");
  }

  @Test
  void timestampLiteralsAndCallsBecomeInstantsButTypeNamesStay() {
    assertRewrite("SELECT TIMESTAMPTZ '2026-01-01', CAST(CAST(d AS VARCHAR) AS TIMESTAMPTZ),"
        + " CAST(x AS TIMESTAMP), y::TIMESTAMP",
        "SELECT TIMESTAMP '2026-01-01', TIMESTAMP(CAST(d AS VARCHAR)),"
        + " CAST(x AS TIMESTAMP), y::TIMESTAMP");
  }

  @Test
  void hashCommentsBecomeDashComments() {
    assertRewrite("SELECT 1 -- top crashes\nFROM t", "SELECT 1 # top crashes\nFROM t");
    assertRewrite("SELECT #1 FROM t", "SELECT #1 FROM t");
  }

  @Test
  void rawStringsBecomePlainStrings() {
    assertRewrite("SELECT regexp_contains(s, '\\d+'), r FROM t", "SELECT regexp_contains(s, r'\\d+'), r FROM t");
  }

  @Test
  void quotedTextAndCommentsAreNeverRewritten() {
    String sql = "SELECT 'x[OFFSET(0)]', \"TIMESTAMP_TRUNC(a, DAY)\" -- `a.b`\n/* * EXCEPT (a) */";
    assertRewrite(sql, sql);
  }
}
