package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.testing.Outputs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same end-to-end run on DirectRunner (the main test runs the default, embedded Flink), so
 * both local runners give the same outputs.
 */
class CrashPipelineDirectRunnerTest {
  @TempDir Path out;

  @Test
  void theSampleCorpusRunsOnDirectRunnerWithTheSameResults() throws Exception {
    CrashPipelineMainTest.runMain("--runner=DirectRunner", "--output=" + out);
    Outputs o = new Outputs(out);
    long events = o.scalar("SELECT count(*) FROM crash_events");
    long sessions = o.scalar("SELECT count(*) FROM sessions");
    long dead = o.scalar("SELECT count(*) FROM dead_letters");
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, events);
    assertEquals(SampleCorpusFacts.SESSIONS, sessions);
    assertEquals(SampleCorpusFacts.BAD_LINES, dead);
    Outputs.assertConservation(SampleCorpusFacts.TOTAL_LINES, events, sessions, dead, SampleCorpusFacts.DUPLICATES);
    assertEquals(events, o.scalar("SELECT sum(events) FROM crash_counts"));
    assertEquals(events + sessions, Outputs.lines(o.archive()).size());
  }
}
