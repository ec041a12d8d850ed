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

    List<String> archived = Outputs.lines(o.archive());
    assertEquals(events + sessions, archived.size());
    try (Stream<Path> dirs = Files.walk(o.archive())) {
      assertTrue(dirs.filter(Files::isRegularFile).allMatch(f ->
          o.archive().relativize(f).toString().matches("app=[^/]+/dt=\\d{4}-\\d{2}-\\d{2}/hr=\\d{2}/[^/]+\\.ndjson\\.gz")),
          "archive files follow app=/dt=/hr=");
    }
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

    runMain("--input=" + first.warehouse().resolve("dead_letters") + "/*", "--output=" + out.resolve("dead"));
    Outputs dead = new Outputs(out.resolve("dead"));
    assertEquals(SampleCorpusFacts.BAD_LINES, dead.scalar("SELECT count(*) FROM dead_letters"));
    assertEquals(0, dead.scalar("SELECT count(*) FROM crash_events"));
  }
}
