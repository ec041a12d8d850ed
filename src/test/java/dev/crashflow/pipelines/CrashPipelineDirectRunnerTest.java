package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.testing.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same end-to-end run on DirectRunner, on embedded Flink (the default, which
 * CrashPipelineMainTest runs on the whole corpus; bounded runs use Flink's DataStream engine) and
 * on Flink's DataSet engine ({@code --useDataStreamForBatch=false}), so every local runner and
 * engine gives the same outputs.
 * DirectRunner re-translates part of the graph per bundle and takes about ten times Flink's time,
 * so this runs on a slice of the sample corpus: the first quarter of its lines, which holds good
 * events of every platform, sessions, duplicates and bad lines.
 */
class CrashPipelineDirectRunnerTest {
  @TempDir Path tmp;

  @Test
  void aSliceOfTheSampleCorpusGivesTheSameOutputsOnDirectRunnerAsOnBothFlinkEngines() throws Exception {
    List<String> all = Files.readAllLines(SampleData.extractTo(tmp.resolve("sample")));
    Path slice = tmp.resolve("slice.jsonl");
    Files.write(slice, all.subList(0, all.size() / 4));

    CrashPipelineMainTest.runMain("--runner=DirectRunner", "--input=" + slice,
        "--output=" + tmp.resolve("direct"));
    CrashPipelineMainTest.runMain("--runner=FlinkRunner", "--input=" + slice,
        "--output=" + tmp.resolve("flink"));
    CrashPipelineMainTest.runMain("--runner=FlinkRunner", "--useDataStreamForBatch=false",
        "--input=" + slice, "--output=" + tmp.resolve("dataset"));
    Outputs direct = new Outputs(tmp.resolve("direct"));
    Outputs flink = new Outputs(tmp.resolve("flink"));
    Outputs dataSet = new Outputs(tmp.resolve("dataset"));

    long events = direct.scalar("SELECT count(*) FROM crash_events");
    long sessions = direct.scalar("SELECT count(*) FROM sessions");
    long dead = direct.scalar("SELECT count(*) FROM dead_letters");
    assertTrue(events > 50 && sessions > 0 && dead > 0,
        "the slice must exercise events, sessions and dead letters: " + events + "/" + sessions + "/" + dead);
    assertTrue(events + sessions + dead <= all.size() / 4, "never more rows than lines");
    for (String sql : List.of(
        "SELECT event_id, issue_id, fingerprint, symbolication_status, issue_title FROM crash_events ORDER BY 1",
        "SELECT session_id, status, errors FROM sessions ORDER BY 1, 2, 3",
        "SELECT step, error_reason, event_id FROM dead_letters ORDER BY 1, 2, 3",
        "SELECT app_id, issue_id, sum(events) FROM crash_counts GROUP BY 1, 2 ORDER BY 1, 2",
        "SELECT issue_id, signal_type FROM issue_signals ORDER BY 1, 2",
        "SELECT app_id, HLL_COUNT.MERGE(users_sketch) FROM crash_counts GROUP BY 1 ORDER BY 1",
        "SELECT granularity, app_id, sum(events) FROM crash_rollups GROUP BY 1, 2 ORDER BY 1, 2",
        "SELECT app_id, app_version, sum(sessions), sum(crashed_sessions),"
            + " HLL_COUNT.MERGE(users_sketch) FROM release_health GROUP BY 1, 2 ORDER BY 1, 2",
        "SELECT debug_id, kind, sum(events) FROM missing_symbols GROUP BY 1, 2 ORDER BY 1, 2")) {
      assertEquals(direct.rows(sql), flink.rows(sql), "DataStream engine: " + sql);
      assertEquals(direct.rows(sql), dataSet.rows(sql), "DataSet engine: " + sql);
    }
    // No pane row says nothing: on Flink's batch engine, every key of every aggregate once had a
    // second, empty ON_TIME row (crash_counts twice as many rows as it should have).
    for (String sql : List.of("SELECT count(*) FROM crash_counts WHERE events = 0",
        "SELECT count(*) FROM crash_rollups WHERE events = 0",
        "SELECT count(*) FROM missing_symbols WHERE events = 0")) {
      assertEquals(0, direct.scalar(sql), "DirectRunner: " + sql);
      assertEquals(0, flink.scalar(sql), "DataStream engine: " + sql);
      assertEquals(0, dataSet.scalar(sql), "DataSet engine: " + sql);
    }
    // A session's plain exit counts no figure but is still a pane: compare, do not expect zero.
    String zeroHealth = "SELECT count(*) FROM release_health WHERE sessions = 0 AND crashed_sessions = 0"
        + " AND abnormal_sessions = 0 AND errored_sessions = 0";
    assertEquals(direct.scalar(zeroHealth), flink.scalar(zeroHealth), "DataStream engine: " + zeroHealth);
    assertEquals(direct.scalar(zeroHealth), dataSet.scalar(zeroHealth), "DataSet engine: " + zeroHealth);
    assertEquals(direct.scalar("SELECT count(*) FROM crash_counts"), flink.scalar("SELECT count(*) FROM crash_counts"),
        "one row per key and window on both engines");
    assertEquals(events, direct.scalar("SELECT sum(events) FROM crash_counts"));
    assertEquals(events, direct.scalar("SELECT sum(events) FROM crash_rollups WHERE granularity = 'DAY'"));
    assertEquals(direct.scalar("SELECT count(DISTINCT user.id) FROM crash_events"),
        direct.scalar("SELECT HLL_COUNT.MERGE(users_sketch) FROM crash_counts"),
        "local sketches are exact: they merge to the distinct users of crash_events");
    assertEquals(events + sessions, Outputs.lines(direct.archive()).size());
  }
}
