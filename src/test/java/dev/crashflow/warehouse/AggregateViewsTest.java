package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashflow.aggregates.DistinctSketch;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views over the aggregate tables, on rows as the pipeline writes them locally. */
class AggregateViewsTest {

  @TempDir Path dir;

  private static String sketch(String... ids) {
    DistinctSketch s = DistinctSketch.Format.LOCAL.empty();
    for (String id : ids) {
      s.add(id);
    }
    return "\"" + Base64.getEncoder().encodeToString(s.toBytes()) + "\"";
  }

  private static String pane(String start, String timing, int index, String emitted) {
    return "\"window_start\":\"" + start + "\",\"window_end\":\"" + start + "\",\"pane_timing\":\""
        + timing + "\",\"pane_index\":" + index + ",\"emitted_timestamp\":\"" + emitted + "\",";
  }

  @Test
  void crashesDailySumsDayPanesAndMergesTheirSketches() throws Exception {
    String day = "2026-11-20T00:00:00Z";
    WarehouseFiles.write(dir.resolve("crash_rollups/part-0.json"), List.of(
        "{\"granularity\":\"DAY\"," + pane(day, "EARLY", 0, "2026-11-20T01:00:00Z")
            + "\"app_id\":\"a\",\"app_version\":\"1.0\",\"issue_id\":\"i1\",\"error_type\":\"FATAL\","
            + "\"events\":3,\"users_sketch\":" + sketch("u1", "u2") + ",\"installations_sketch\":"
            + sketch("d1", "d2") + "}",
        "{\"granularity\":\"DAY\"," + pane(day, "LATE", 1, "2026-11-22T01:00:00Z")
            + "\"app_id\":\"a\",\"app_version\":\"1.0\",\"issue_id\":\"i2\",\"error_type\":\"FATAL\","
            + "\"events\":2,\"users_sketch\":" + sketch("u2", "u3") + ",\"installations_sketch\":"
            + sketch("d2") + "}",
        // The same events again at hourly granularity: the view must not count them twice.
        "{\"granularity\":\"HOUR\"," + pane(day, "ON_TIME", 0, "2026-11-20T01:00:00Z")
            + "\"app_id\":\"a\",\"app_version\":\"1.0\",\"issue_id\":\"i1\",\"error_type\":\"FATAL\","
            + "\"events\":5,\"users_sketch\":" + sketch("u1", "u2", "u3") + "}"));
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      assertEquals(List.of(List.of("1.0", 5L, 3L, 2L, 2L)).toString(),
          w.query("SELECT app_version, events, users, installations, issues FROM crashes_daily")
              .rows().toString());
    }
  }

  @Test
  void releaseHealthByVersionAndTheDedupViewCountAPaneOnce() throws Exception {
    String hour = "2026-11-20T10:00:00Z";
    String first = "{" + pane(hour, "ON_TIME", 0, "2026-11-20T11:00:00Z")
        + "\"app_id\":\"a\",\"platform\":\"ANDROID\",\"app_version\":\"2.0\","
        + "\"environment\":\"production\",\"sessions\":4,\"crashed_sessions\":1,"
        + "\"abnormal_sessions\":0,\"errored_sessions\":1,\"users_sketch\":"
        + sketch("u1", "u2", "u3") + ",\"crashed_users_sketch\":" + sketch("u1") + "}";
    String late = "{" + pane(hour, "LATE", 1, "2026-11-20T13:00:00Z")
        + "\"app_id\":\"a\",\"platform\":\"ANDROID\",\"app_version\":\"2.0\","
        + "\"environment\":\"production\",\"sessions\":0,\"crashed_sessions\":1,"
        + "\"abnormal_sessions\":0,\"errored_sessions\":1,\"users_sketch\":" + sketch()
        + ",\"crashed_users_sketch\":" + sketch("u2") + "}";
    // An at-least-once write repeated the late pane (emitted again a little later).
    String retried = late.replace("2026-11-20T13:00:00Z", "2026-11-20T13:00:05Z");
    WarehouseFiles.write(dir.resolve("release_health/part-0.json"), List.of(first, late, retried));
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      assertEquals(List.of(List.of(4L, 3L, 3L, 2L)).toString(), w.query("SELECT sessions,"
          + " crashed_sessions, users, crashed_users FROM release_health_by_version").rows().toString(),
          "the raw table counts the repeated pane");
      assertEquals(List.of(List.of(2L, 4L, 2L)).toString(), w.query("SELECT COUNT(*),"
          + " SUM(sessions), SUM(crashed_sessions) FROM release_health_dedup").rows().toString());
    }
  }

  @Test
  void theDedupViewsKeepAPanesFullCopyOverAnEmptyOne() throws Exception {
    // Flink batch runs before 2026-12-08 wrote a second, empty copy of every ON_TIME pane; when
    // both copies carry the same millisecond (or the empty one an earlier), the view must still
    // keep the one with the counts.
    String minute = "2026-11-20T10:01:00Z";
    String dims = "\"app_id\":\"a\",\"platform\":\"ANDROID\",\"app_version\":\"2.0\",\"app_build\":\"7\","
        + "\"os_version\":\"14\",\"issue_id\":\"i1\",\"error_type\":\"FATAL\",";
    WarehouseFiles.write(dir.resolve("crash_counts/part-0.json"), List.of(
        "{" + pane(minute, "ON_TIME", 0, "2026-11-20T10:02:00Z") + dims
            + "\"events\":0,\"users\":0,\"installations\":0,\"users_sketch\":\"\",\"installations_sketch\":\"\"}",
        "{" + pane(minute, "ON_TIME", 0, "2026-11-20T10:02:00.005Z") + dims
            + "\"events\":3,\"users\":2,\"installations\":2,\"users_sketch\":" + sketch("u1", "u2")
            + ",\"installations_sketch\":" + sketch("d1", "d2") + "}"));
    String health = "\"app_id\":\"a\",\"platform\":\"ANDROID\",\"app_version\":\"2.0\","
        + "\"environment\":\"production\",";
    WarehouseFiles.write(dir.resolve("release_health/part-0.json"), List.of(
        "{" + pane(minute, "ON_TIME", 0, "2026-11-20T11:00:00Z") + health + "\"sessions\":0,"
            + "\"crashed_sessions\":0,\"abnormal_sessions\":0,\"errored_sessions\":0,"
            + "\"users_sketch\":\"\",\"crashed_users_sketch\":\"\"}",
        "{" + pane(minute, "ON_TIME", 0, "2026-11-20T11:00:00Z") + health + "\"sessions\":4,"
            + "\"crashed_sessions\":1,\"abnormal_sessions\":0,\"errored_sessions\":1,\"users_sketch\":"
            + sketch("u1", "u2", "u3") + ",\"crashed_users_sketch\":" + sketch("u1") + "}"));
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      assertEquals(List.of(List.of(1L, 3L)).toString(),
          w.query("SELECT COUNT(*), SUM(events) FROM crash_counts_dedup").rows().toString());
      assertEquals(List.of(List.of(1L, 4L, 1L)).toString(), w.query("SELECT COUNT(*),"
          + " SUM(sessions), SUM(crashed_sessions) FROM release_health_dedup").rows().toString());
    }
  }
}
