package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BigQuery queries in the style of the Crashlytics export docs, run on the local warehouse. */
class BigQueryFunctionsTest {

  @TempDir Path dir;
  private LocalWarehouse warehouse;
  private final Instant now = Instant.now();

  private String event(String id, Duration age, String issue, boolean fatal, String user) {
    return "{\"event_id\":\"" + id + "\",\"event_timestamp\":\"" + now.minus(age) + "\","
        + "\"issue_id\":\"" + issue + "\",\"is_fatal\":" + fatal + ","
        + "\"installation_uuid\":\"" + user + "\",\"app_version\":\"1.2.0\","
        + "\"device\":{\"model\":\"Pixel\"},"
        + "\"custom_keys\":[{\"key\":\"level\",\"value\":\"" + id + "\"},"
        + "{\"key\":\"store\",\"value\":\"play\"}],"
        + "\"exceptions\":[{\"type\":\"NPE\",\"frames\":[{\"symbol\":\"a\"},{\"symbol\":\"b\"}]}]}";
  }

  @BeforeEach
  void setUp() throws Exception {
    List<String> rows = new ArrayList<>(List.of(
        event("e1", Duration.ofHours(1), "i1", true, "u1"),
        event("e2", Duration.ofHours(2), "i1", true, "u2"),
        event("e3", Duration.ofHours(3), "i1", true, "u1"),
        event("e4", Duration.ofDays(2), "i2", true, "u3"),
        event("e5", Duration.ofDays(3), "i3", false, "u3"),
        event("e6", Duration.ofDays(40), "i4", true, "u4")));
    WarehouseFiles.write(dir.resolve("crash_events/part.json"), rows);
    warehouse = LocalWarehouse.open(dir, Map.of("crash_events", WarehouseFiles.schema("events")));
  }

  @AfterEach
  void tearDown() throws SQLException {
    warehouse.close();
  }

  private QueryResult q(String sql) throws SQLException {
    return warehouse.query(sql);
  }

  @Test
  void regexpExtractReturnsTheCapturingGroupAndNullWithoutAMatchAsInBigQuery() throws Exception {
    QueryResult r = q("SELECT REGEXP_EXTRACT('fr_FR', r'_([A-Z]{2})$') AS country,"
        + " REGEXP_EXTRACT('fr_FR', '[a-z]+') AS whole, REGEXP_EXTRACT('fr', '_([A-Z]{2})$') AS none,"
        + " REGEXP_EXTRACT(r'a(b)', r'\\(b\\)|b') AS escaped");
    assertEquals(Arrays.asList("FR", "fr", null, "(b)"), r.rows().get(0));
  }

  @Test
  void namedQueryParametersTakeTypedLiterals() throws Exception {
    Map<String, String> params = new java.util.HashMap<>();
    for (String spec : List.of("issue=i1", "min_users:INT64:2", "since:TIMESTAMP:2000-01-01")) {
      String[] p = QueryParameters.literal(spec);
      params.put(p[0], p[1]);
    }
    QueryResult r = warehouse.query("SELECT issue_id, COUNT(DISTINCT installation_uuid) AS users"
        + " FROM crash_events WHERE issue_id = @issue AND event_timestamp > @since"
        + " GROUP BY 1 HAVING users >= @min_users", params);
    assertEquals(List.of(List.of("i1", 2L)), r.rows());
    assertEquals("it's", warehouse.query("SELECT @s AS s",
        Map.of("s", QueryParameters.literal("s::it's")[1])).rows().get(0).get(0));
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> QueryParameters.literal("n:INT32:1"));
    assertEquals("parameter n: unsupported type INT32 (STRING, INT64, FLOAT64, NUMERIC, BOOL,"
        + " DATE, DATETIME, TIMESTAMP)", e.getMessage());
  }

  @Test
  void crashesInTheLast30DaysWithTimestampSubAndCurrentTimestamp() throws Exception {
    QueryResult r = q("SELECT COUNT(*) AS n FROM `my-project.crashflow.crash_events` "
        + "WHERE event_timestamp >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 30 DAY)");
    assertEquals(List.of(5L), r.column("n"));
  }

  @Test
  void topFatalIssuesOfTheLastWeekWithDistinctUsers() throws Exception {
    QueryResult r = q("SELECT issue_id, COUNT(issue_id) AS crashes,"
        + " COUNT(DISTINCT installation_uuid) AS users, APPROX_COUNT_DISTINCT(installation_uuid)"
        + " AS approx_users FROM crash_events WHERE is_fatal = TRUE"
        + " AND event_timestamp >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 168 HOUR)"
        + " AND event_timestamp < CURRENT_TIMESTAMP()"
        + " GROUP BY issue_id ORDER BY crashes DESC LIMIT 10");
    assertEquals(List.of(List.of("i1", 3L, 2L, 2L), List.of("i2", 1L, 1L, 1L)), r.rows());
  }

  @Test
  void dateSubAndDateAddReturnDatesComparableWithDateOfTimestamp() throws Exception {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    QueryResult r = q("SELECT DATE_SUB(CURRENT_DATE(), INTERVAL 1 DAY) AS y,"
        + " DATE_ADD(DATE '2026-02-28', INTERVAL 1 DAY) AS next, typeof(y) AS ty,"
        + " date_sub('day', DATE '2026-01-01', DATE '2026-01-05') AS duckdb_form");
    assertEquals(List.of(today.minusDays(1), LocalDate.of(2026, 3, 1), "DATE", 4L),
        r.rows().get(0));
    QueryResult days = q("SELECT COUNT(*) AS n FROM crash_events"
        + " WHERE DATE(event_timestamp) >= DATE_SUB(CURRENT_DATE(), INTERVAL 3 DAY)");
    assertEquals(List.of(5L), days.column("n"));
  }

  @Test
  void unnestOfRepeatedRecordsAndOffsetSubscripts() throws Exception {
    QueryResult r = q("SELECT custom_key.value AS store, COUNT(*) AS n FROM crash_events,"
        + " UNNEST(custom_keys) AS custom_key WHERE custom_key.key = 'store' GROUP BY 1");
    assertEquals(List.of(List.of("play", 6L)), r.rows());
    QueryResult frames = q("SELECT COUNT(*) AS n FROM crash_events, UNNEST(exceptions) AS ex,"
        + " UNNEST(ex.frames) AS frame WHERE frame.symbol = 'b'"
        + " AND exceptions[OFFSET(0)].frames[SAFE_OFFSET(0)].symbol = 'a'"
        + " AND exceptions[SAFE_OFFSET(5)] IS NULL");
    assertEquals(List.of(6L), frames.column("n"));
  }

  @Test
  void truncAndDiffTakeBareDateParts() throws Exception {
    QueryResult r = q("SELECT TIMESTAMP_TRUNC(TIMESTAMP '2026-11-23 10:15:30+00', HOUR) AS h,"
        + " TIMESTAMP_DIFF(TIMESTAMP '2026-11-24 09:00:00+00', TIMESTAMP '2026-11-23 10:00:00+00',"
        + " DAY) AS whole_days,"
        + " DATE_DIFF(DATE '2026-11-24', DATE '2026-11-23', DAY) AS days,"
        + " DATE_TRUNC(DATE '2026-11-23', MONTH) AS m,"
        + " TIMESTAMP('2026-11-23 10:00:00') AS fn, CAST('2026-11-23' AS TIMESTAMP) AS naive");
    assertEquals(List.of(Instant.parse("2026-11-23T10:00:00Z"), 0L, 1L, LocalDate.of(2026, 11, 1),
        Instant.parse("2026-11-23T10:00:00Z"), LocalDateTime.of(2026, 11, 23, 0, 0)),
        r.rows().get(0));
  }

  @Test
  void epochConversionsAndScalarHelpers() throws Exception {
    QueryResult r = q("SELECT UNIX_MILLIS(TIMESTAMP_MILLIS(1700000000123)) AS ms,"
        + " UNIX_SECONDS(TIMESTAMP_SECONDS(1700000000)) AS s,"
        + " TIMESTAMP_MICROS(1700000000123456) AS us,"
        + " SAFE_DIVIDE(1, 0) AS div0, SAFE_DIVIDE(6, 3) AS div,"
        + " REGEXP_CONTAINS('NullPointerException', r'Pointer') AS re,"
        + " FORMAT_TIMESTAMP('%Y-%m-%d %H', TIMESTAMP '2026-11-23 10:15:00+00') AS fmt,"
        + " PARSE_DATE('%Y%m%d', '20261123') AS parsed");
    assertEquals(Arrays.asList(1700000000123L, 1700000000L,
        Instant.parse("2023-11-14T22:13:20.123456Z"), null, 2.0, true, "2026-11-23 10",
        LocalDate.of(2026, 11, 23)), r.rows().get(0));
  }

  @Test
  void aggregateHelpers() throws Exception {
    QueryResult r = q("SELECT COUNTIF(is_fatal) AS fatal, LOGICAL_OR(NOT is_fatal) AS any_nonfatal,"
        + " LOGICAL_AND(is_fatal) AS all_fatal, IFNULL(MAX(app_version), '?') AS v"
        + " FROM crash_events");
    assertEquals(List.of(java.math.BigInteger.valueOf(5), true, false, "1.2.0"),
        r.rows().get(0));
  }
}
