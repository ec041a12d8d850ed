package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The views of {@code schemas/views/} on hand-made rows whose answers are known: every view is
 * created over the real schemas, works on an empty warehouse, and computes what its header says.
 */
class AnalyticsViewsTest {

  @TempDir Path dir;

  @Test
  void everyViewFileIsCreatedOverTheRealTablesAndWorksWhileTablesAreEmpty() throws Exception {
    Set<String> files;
    try (Stream<Path> list = Files.list(Path.of("schemas/views"))) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
          .map(n -> n.substring(0, n.length() - 4)).collect(Collectors.toCollection(TreeSet::new));
    }
    assertTrue(files.size() >= 8, files.toString());
    assertEquals(files, new TreeSet<>(Views.load().stream().map(Views.Definition::name).toList()));
    String readme = Files.readString(Path.of("schemas/views/README.md"));
    for (String view : files) {
      assertTrue(readme.contains("`" + view + "`"), "schemas/views/README.md lists " + view);
      String sql = Files.readString(Path.of("schemas/views/" + view + ".sql"));
      assertTrue(sql.startsWith("-- " + view + ": "), view + ".sql starts with its header");
    }
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      assertEquals(java.util.Map.of(), w.skippedViews(), "views skipped");
      assertEquals(files, new TreeSet<>(w.views()));
      for (String view : files) {
        assertEquals(0L, w.query("SELECT COUNT(*) FROM " + view).rows().get(0).get(0), view);
      }
    }
  }

  @Test
  void crashFreeCountsEachSessionOnceHoweverManyUpdatesAndEachUserOnce() throws Exception {
    List<String> rows = new ArrayList<>();
    // 2.0: s1 ok -> exited (u1); s2 ok -> crashed -> (late duplicate) crashed (u2);
    // s3 abnormal (u3); s4 crashed (u2 again); s5 exited with errors (no distinct id).
    rows.add(session("s1", "u1", "2.0", "ok", 0, "2026-11-20T10:00:00Z"));
    rows.add(session("s1", "u1", "2.0", "exited", 0, "2026-11-20T10:05:00Z"));
    rows.add(session("s2", "u2", "2.0", "ok", 0, "2026-11-20T11:00:00Z"));
    rows.add(session("s2", "u2", "2.0", "crashed", 1, "2026-11-20T11:01:00Z"));
    rows.add(session("s2", "u2", "2.0", "crashed", 1, "2026-11-20T11:01:00Z"));
    rows.add(session("s3", "u3", "2.0", "abnormal", 0, "2026-11-20T12:00:00Z"));
    rows.add(session("s4", "u2", "2.0", "crashed", 1, "2026-11-20T13:00:00Z"));
    rows.add(session("s5", null, "2.0", "exited", 2, "2026-11-20T14:00:00Z"));
    // 2.1: two clean sessions of one user.
    rows.add(session("s6", "u1", "2.1", "exited", 0, "2026-11-21T10:00:00Z"));
    rows.add(session("s7", "u1", "2.1", "ok", 0, "2026-11-21T11:00:00Z"));
    WarehouseFiles.write(dir.resolve("sessions/part-0.json"), rows);
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      List<List<Object>> r = w.query("SELECT app_version, sessions, crashed_sessions,"
          + " abnormal_sessions, errored_sessions, users, crashed_users, crash_free_sessions,"
          + " crash_free_users FROM crash_free_by_version ORDER BY app_version").rows();
      assertEquals(List.of(
          List.of("2.0", 5L, 2L, 1L, 4L, 3L, 1L, 1 - 2 / 5.0, 1 - 1 / 3.0),
          List.of("2.1", 2L, 0L, 0L, 0L, 1L, 0L, 1.0, 1.0)).toString(), r.toString());
    }
  }

  @Test
  void issuesLatestTakesTheGreatestTrackedSinceThenRevision() throws Exception {
    WarehouseFiles.write(dir.resolve("issues/part-0.json"), List.of(
        issue("i1", "2026-11-20T10:00:00Z", 1, "OPEN", 3),
        issue("i1", "2026-11-20T10:00:00Z", 3, "RESOLVED", 9),
        issue("i1", "2026-11-20T10:00:00Z", 2, "OPEN", 5),
        // Forgotten by the TTL and tracked again: revision restarts at 1 but this one is newer.
        issue("i2", "2026-11-20T10:00:00Z", 7, "OPEN", 70),
        issue("i2", "2026-12-01T10:00:00Z", 1, "REGRESSED", 2)));
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      assertEquals(List.of(List.of("i1", 3L, "RESOLVED", 9L), List.of("i2", 1L, "REGRESSED", 2L)),
          w.query("SELECT issue_id, revision, status, events_total FROM issues_latest"
              + " ORDER BY issue_id").rows());
    }
  }

  @Test
  void releaseIssuesListsEachSignalOnceWithTheIssuesCurrentState() throws Exception {
    WarehouseFiles.write(dir.resolve("issue_signals/part-0.json"), List.of(
        signal("sig1", "NEW_ISSUE", "i1", "1.0", "2026-11-20T10:00:00Z"),
        signal("sig1", "NEW_ISSUE", "i1", "1.0", "2026-11-20T10:00:00Z"), // a retried write
        signal("sig2", "NEW_IN_RELEASE", "i1", "1.1", "2026-11-21T10:00:00Z"),
        signal("sig3", "SPIKING", "i1", "1.1", "2026-11-21T10:00:00Z"),
        signal("sig4", "REGRESSED", "i2", "1.1", "2026-11-21T11:00:00Z")));
    WarehouseFiles.write(dir.resolve("issues/part-0.json"), List.of(
        issue("i1", "2026-11-20T10:00:00Z", 1, "OPEN", 3),
        issue("i1", "2026-11-20T10:00:00Z", 2, "OPEN", 8)));
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      List<List<Object>> r = w.query("SELECT app_version, signal_type, issue_id, events_total"
          + " FROM release_issues ORDER BY app_version, signal_type").rows();
      List<List<Object>> expected = new ArrayList<>();
      expected.add(List.of("1.0", "NEW_ISSUE", "i1", 8L));
      expected.add(List.of("1.1", "NEW_IN_RELEASE", "i1", 8L));
      expected.add(java.util.Arrays.asList("1.1", "REGRESSED", "i2", null));
      assertEquals(expected, r);
    }
  }

  @Test
  void topIssuesCountsUsersFirstLastSeenAndTheWeekOverWeekTrend() throws Exception {
    Instant now = Instant.now();
    List<String> rows = new ArrayList<>();
    // issue A: 3 events in the last 7 days (users x, y), 1 event 10 days ago (user x).
    rows.add(event("e1", "A", "x", now.minus(1, ChronoUnit.DAYS), "Old title"));
    rows.add(event("e2", "A", "y", now.minus(2, ChronoUnit.DAYS), "Title A"));
    rows.add(event("e3", "A", "x", now.minus(1, ChronoUnit.HOURS), "Title A"));
    rows.add(event("e4", "A", "x", now.minus(10, ChronoUnit.DAYS), "Title A"));
    // issue B: 2 events 8 and 9 days ago, none this week.
    rows.add(event("e5", "B", "z", now.minus(8, ChronoUnit.DAYS), "Title B"));
    rows.add(event("e6", "B", "z", now.minus(9, ChronoUnit.DAYS), "Title B"));
    WarehouseFiles.write(dir.resolve("crash_events/part-0.json"), rows);
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      List<List<Object>> r = w.query("SELECT issue_id, issue_title, events, users,"
          + " events_last_7d, events_prev_7d, trend, rank_in_app, first_seen, status"
          + " FROM top_issues ORDER BY rank_in_app").rows();
      assertEquals(2, r.size());
      assertEquals(List.of("A", "Title A", 4L, 2L, 3L, 1L, 3.0, 1L).toString(),
          r.get(0).subList(0, 8).toString());
      assertEquals(now.minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS), r.get(0).get(8));
      assertNull(r.get(0).get(9), "no issues row yet: status unknown");
      assertEquals(List.of("B", "Title B", 2L, 1L, 0L, 2L, 0.0, 2L).toString(),
          r.get(1).subList(0, 8).toString());
    }
  }

  @Test
  void aViewThatReadsAnUnknownTableIsSkippedWithItsReason() throws Exception {
    List<Views.Definition> views = List.of(Views.Definition.of("health_daily",
        "SELECT * FROM `${project}.${dataset}.release_health`"));
    try (LocalWarehouse w = LocalWarehouse.open(dir, java.util.Map.of("sessions",
        TableSchemas.load("sessions")), views)) {
      assertEquals(List.of(), w.views());
      assertTrue(w.skippedViews().get("health_daily").startsWith(
          "it reads table release_health, which this warehouse does not have"));
      SQLException e = assertThrows(SQLException.class,
          () -> w.query("SELECT * FROM health_daily"));
      assertTrue(e.getMessage().contains("view health_daily is not available"), e.getMessage());
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> Views.Definition.of("v", "SELECT * FROM `${project}.${env}.t`"));
    assertTrue(bad.getMessage().contains("unknown placeholder ${env}"), bad.getMessage());
  }

  private static String session(String sid, String did, String version, String status,
      int errors, String ts) {
    return "{\"session_id\":\"" + sid + "\"," + (did == null ? "" : "\"distinct_id\":\"" + did + "\",")
        + "\"session_timestamp\":\"" + ts + "\",\"started\":\"" + ts + "\",\"status\":\"" + status
        + "\",\"errors\":" + errors + ",\"app_id\":\"com.example.app\",\"app_version\":\"" + version
        + "\",\"platform\":\"ANDROID\"}";
  }

  private static String issue(String id, String trackedSince, int revision, String status,
      int total) {
    return "{\"issue_id\":\"" + id + "\",\"app_id\":\"com.example.app\",\"title\":\"T " + id
        + "\",\"status\":\"" + status + "\",\"first_seen\":\"" + trackedSince
        + "\",\"last_seen\":\"" + trackedSince + "\",\"events_total\":" + total
        + ",\"window_start\":\"" + trackedSince + "\",\"window_end\":\"" + trackedSince
        + "\",\"window_events\":1,\"tracked_since\":\"" + trackedSince + "\",\"revision\":"
        + revision + ",\"updated_at\":\"2026-12-02T00:00:00Z\"}";
  }

  private static String signal(String id, String type, String issue, String version, String ts) {
    return "{\"signal_id\":\"" + id + "\",\"signal_type\":\"" + type + "\",\"app_id\":"
        + "\"com.example.app\",\"issue_id\":\"" + issue + "\",\"app_version\":\"" + version
        + "\",\"window_start\":\"" + ts + "\",\"window_end\":\"" + ts + "\",\"event_count\":1,"
        + "\"title\":\"T " + issue + "\",\"emitted_at\":\"" + ts + "\"}";
  }

  private static String event(String id, String issue, String user, Instant ts, String title) {
    return "{\"event_id\":\"" + id + "\",\"event_timestamp\":\"" + ts.truncatedTo(ChronoUnit.MILLIS)
        + "\",\"app_id\":\"com.example.app\",\"issue_id\":\"" + issue + "\",\"issue_title\":\""
        + title + "\",\"error_type\":\"FATAL\",\"user\":{\"id\":\"" + user
        + "\"},\"installation_uuid\":\"inst-" + user + "\"}";
  }
}
