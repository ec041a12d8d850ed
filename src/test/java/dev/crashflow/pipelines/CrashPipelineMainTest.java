package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.testing.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real entry point (default runner: embedded Flink) on the sample corpus and checks every output. */
class CrashPipelineMainTest {
  @TempDir Path out;

  static void runMain(String... args) {
    PipelineResult r = CrashPipeline.run(args);
    assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
  }

  @Test
  void theSampleCorpusEndsUpInEveryOutputAndNothingIsLost() throws Exception {
    runMain("--output=" + out);
    Outputs o = new Outputs(out);
    long events = o.scalar("SELECT count(*) FROM crash_events");
    long sessions = o.scalar("SELECT count(*) FROM sessions");
    long dead = o.scalar("SELECT count(*) FROM dead_letters");
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, events);
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, o.scalar("SELECT count(DISTINCT event_id) FROM crash_events"));
    assertEquals(SampleCorpusFacts.SESSIONS, sessions);
    assertEquals(SampleCorpusFacts.BAD_LINES, dead);
    Outputs.assertConservation(SampleCorpusFacts.TOTAL_LINES, events, sessions, dead,
        SampleCorpusFacts.DUPLICATES);

    java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
    for (List<Object> r : o.rows("SELECT error_reason, count(*) FROM dead_letters GROUP BY 1")) {
      reasons.put((String) r.get(0), ((Number) r.get(1)).intValue());
    }
    assertEquals(SampleCorpusFacts.DEAD_LETTERS_BY_REASON, reasons);
    assertEquals(0, o.scalar("SELECT count(*) FROM crash_events WHERE issue_id IS NULL"));
    assertEquals(events, o.scalar("SELECT sum(events) FROM crash_counts"));
    assertEquals(0, o.scalar("SELECT count(*) FROM dead_letters WHERE error_reason IS NULL"
        + " OR error_message IS NULL OR payload IS NULL"));
    o.assertRowsFitSchemas();
    assertIssuesAgreeWithEvents(o, events);

    List<String> archived = Outputs.lines(o.archive());
    assertEquals(events + sessions, archived.size());
    try (Stream<Path> dirs = Files.walk(o.archive())) {
      assertTrue(dirs.filter(Files::isRegularFile).allMatch(f ->
          o.archive().relativize(f).toString().matches("app=[^/]+/dt=\\d{4}-\\d{2}-\\d{2}/hr=\\d{2}/[^/]+\\.ndjson\\.gz")),
          "archive files follow app=/dt=/hr=");
    }
  }

  /**
   * Every issue of crash_events is tracked in issues, its latest row counts all its events, and it
   * got exactly one NEW_ISSUE signal (the corpus spans far less than the state TTL).
   */
  static void assertIssuesAgreeWithEvents(Outputs o, long events) {
    List<Object> r = o.rows("WITH e AS (SELECT issue_id, count(*) AS n, min(event_timestamp) AS f,"
        + " max(event_timestamp) AS l FROM crash_events GROUP BY 1),"
        + " latest AS (SELECT * FROM issues QUALIFY row_number() OVER"
        + " (PARTITION BY app_id, issue_id ORDER BY tracked_since DESC, revision DESC) = 1),"
        + " s AS (SELECT issue_id, count(*) AS n, min(window_start) AS w FROM issue_signals"
        + " WHERE signal_type = 'NEW_ISSUE' GROUP BY 1)"
        + " SELECT (SELECT count(*) FROM e),"
        + " (SELECT count(*) FROM e LEFT JOIN latest USING (issue_id) WHERE latest.issue_id IS NULL"
        + " OR latest.events_total <> e.n OR latest.first_seen <> e.f OR latest.last_seen <> e.l),"
        + " (SELECT count(*) FROM latest),"
        + " (SELECT sum(window_events) FROM issues),"
        + " (SELECT count(*) FROM e LEFT JOIN s USING (issue_id) WHERE s.n IS DISTINCT FROM 1 OR s.w > e.f),"
        + " (SELECT count(*) FROM issue_signals WHERE signal_type = 'NEW_ISSUE')").get(0);
    long issues = ((Number) r.get(0)).longValue();
    assertTrue(issues > 1, "the corpus has several issues");
    assertEquals(0, ((Number) r.get(1)).longValue(),
        "issues whose latest row disagrees with crash_events (count, first or last seen)");
    assertEquals(issues, ((Number) r.get(2)).longValue(), "issues tracked");
    assertEquals(events, ((Number) r.get(3)).longValue(), "events folded into issues");
    assertEquals(0, ((Number) r.get(4)).longValue(), "issues without exactly one NEW_ISSUE in their first window");
    assertEquals(issues, ((Number) r.get(5)).longValue(), "NEW_ISSUE signals");
  }

  @Test
  void theArchiveAndTheDeadLettersReplayThroughTheSamePipeline() throws Exception {
    runMain("--output=" + out.resolve("first"));
    Outputs first = new Outputs(out.resolve("first"));

    runMain("--input=" + first.archive() + "/**", "--output=" + out.resolve("replay"));
    Outputs replay = new Outputs(out.resolve("replay"));
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, replay.scalar("SELECT count(*) FROM crash_events"));
    assertEquals(SampleCorpusFacts.SESSIONS, replay.scalar("SELECT count(*) FROM sessions"));
    assertEquals(0, replay.scalar("SELECT count(*) FROM dead_letters"));
    assertEquals(
        first.rows("SELECT issue_id, count(*) FROM crash_events GROUP BY 1 ORDER BY 1"),
        replay.rows("SELECT issue_id, count(*) FROM crash_events GROUP BY 1 ORDER BY 1"));
    // Issue tracking decides in event-time order, so a replay signals exactly the same.
    String signals = "SELECT signal_id, signal_type, app_version, event_count FROM issue_signals ORDER BY 1";
    assertEquals(first.rows(signals), replay.rows(signals));

    runMain("--input=" + first.warehouse().resolve("dead_letters") + "/*", "--output=" + out.resolve("dead"));
    Outputs dead = new Outputs(out.resolve("dead"));
    assertEquals(SampleCorpusFacts.BAD_LINES, dead.scalar("SELECT count(*) FROM dead_letters"));
    assertEquals(0, dead.scalar("SELECT count(*) FROM crash_events"));
  }
}
