package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashflow.aggregates.DistinctSketch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BigQuery's HLL_COUNT functions over the local sketches of crash_counts, in DuckDB. */
class SketchDialectTest {

  @TempDir Path dir;

  private static String row(String window, String version, int events, String... users) {
    DistinctSketch s = DistinctSketch.Format.LOCAL.empty();
    for (String u : users) {
      s.add(u);
    }
    return "{\"window_start\":\"" + window + "\",\"window_end\":\"" + window + "\","
        + "\"app_id\":\"app\",\"app_version\":\"" + version + "\",\"events\":" + events + ","
        + "\"users\":" + users.length + ",\"users_sketch\":\""
        + Base64.getEncoder().encodeToString(s.toBytes()) + "\"}";
  }

  @Test
  void mergeExtractAndInitCountDistinctUsersAcrossRows() throws Exception {
    List<String> rows = new ArrayList<>(List.of(
        row("2026-01-01T10:00:00Z", "1.0", 3, "u1", "u2"),
        row("2026-01-01T10:01:00Z", "1.0", 2, "u2", "u3"),
        row("2026-01-01T10:01:00Z", "2.0", 1, "u1"),
        row("2026-01-02T10:01:00Z", "2.0", 1)));
    WarehouseFiles.write(dir.resolve("crash_counts/part.json"), rows);
    try (LocalWarehouse w = LocalWarehouse.open(dir, List.of("crash_counts"))) {
      QueryResult perVersion = w.query("SELECT app_version, SUM(events) AS events,"
          + " HLL_COUNT.MERGE(users_sketch) AS users, SUM(users) AS naive"
          + " FROM `p.d.crash_counts` GROUP BY app_version ORDER BY app_version");
      assertEquals(List.of(List.of("1.0", 5L, 3L, 4L), List.of("2.0", 2L, 1L, 1L)),
          perVersion.rows().stream().map(r -> List.of(r.get(0), ((Number) r.get(1)).longValue(),
              ((Number) r.get(2)).longValue(), ((Number) r.get(3)).longValue())).toList());

      QueryResult rollup = w.query("SELECT HLL_COUNT.EXTRACT(s) AS users FROM ("
          + " SELECT hll_count . merge_partial(users_sketch) AS s FROM `p.d.crash_counts`)");
      assertEquals(3L, ((Number) rollup.rows().get(0).get(0)).longValue());

      // Sketches built in SQL from raw ids hash the same way, so they merge with the pipeline's.
      QueryResult mixed = w.query("SELECT HLL_COUNT.MERGE(s) FROM ("
          + " SELECT users_sketch AS s FROM crash_counts"
          + " UNION ALL SELECT HLL_COUNT.INIT(u, 15) FROM (VALUES ('u3'), ('u4')) t(u))");
      assertEquals(4L, ((Number) mixed.rows().get(0).get(0)).longValue());

      QueryResult none = w.query("SELECT HLL_COUNT.MERGE(users_sketch) FROM crash_counts"
          + " WHERE app_version = 'none'");
      assertEquals(0L, ((Number) none.rows().get(0).get(0)).longValue());
    }
  }

  @Test
  void theDottedNameBecomesOneWordOutsideStringsOnly() {
    assertEquals("SELECT hll_count_merge(x), 'HLL_COUNT.MERGE(x)'",
        BigQueryDialect.rewrite("SELECT HLL_COUNT.MERGE(x), 'HLL_COUNT.MERGE(x)'"));
    assertEquals("SELECT hll_count.other(x)", BigQueryDialect.rewrite("SELECT hll_count.other(x)"));
  }
}
