package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crashflow.cli.PublishCommand;
import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.testing.Outputs;
import dev.crashflow.testing.PubsubEmulator;
import java.nio.file.Path;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole local streaming loop against Google's real Pub/Sub emulator: publish the sample
 * corpus with {@code crashflow publish}, run the pipeline on the subscription, check every output
 * and conservation, cancel. Skips with a message where the emulator is not installed.
 */
class PubsubEmulatorEndToEndTest {
  static final String PROJECT = "crashflow-e2e";

  @TempDir Path tmp;

  @Test
  void publishedSamplesFlowThroughTheStreamingPipelineIntoEveryOutput() throws Exception {
    assumeTrue(PubsubEmulator.isAvailable(), PubsubEmulator.UNAVAILABLE);
    try (PubsubEmulator emulator = PubsubEmulator.start()) {
      emulator.createTopic(PROJECT, "crashes");
      emulator.createSubscription(PROJECT, "crashes-sub", "crashes");

      Path samples = SampleData.extractTo(tmp.resolve("in"));
      int rc = new CommandLine(new PublishCommand()).execute(
          "--topic=projects/" + PROJECT + "/topics/crashes", "--emulator=" + emulator.hostPort(),
          "--quiet", samples.toString());
      // The corpus holds one envelope line with broken base64: publish reports it and exits 1;
      // everything else is published.
      assertEquals(1, rc, "publish exit code");
      long published = SampleCorpusFacts.TOTAL_LINES - 1;
      long expectedDead = SampleCorpusFacts.BAD_LINES - 1;

      PipelineOptionsFactory.register(CrashflowOptions.class);
      CrashflowOptions o = PipelineOptionsFactory.fromArgs(
          "--inputType=pubsub", "--subscription=projects/" + PROJECT + "/subscriptions/crashes-sub",
          "--streaming", "--output=" + tmp.resolve("out"), "--fileFlushInterval=1s",
          "--fileShards=1",
          // Published today, so received today: the corpus (2026-11) must stay young enough
          // whatever today is.
          "--maxEventAge=3650d").as(CrashflowOptions.class);
      emulator.beamOptions(o, PROJECT);
      o.as(DirectOptions.class).setBlockOnRun(false);
      Pipeline p = Pipeline.create(o);
      CrashPipeline.build(p, o, IoOverrides.NONE);
      PipelineResult result = p.run();
      Outputs out = new Outputs(tmp.resolve("out"));
      try {
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline && !complete(out, expectedDead)) {
          Thread.sleep(1000);
        }
        Thread.sleep(3000); // a duplicate let through would show up now
        long events = count(out, "crash_events");
        long sessions = count(out, "sessions");
        long dead = count(out, "dead_letters");
        assertEquals(SampleCorpusFacts.GOOD_EVENTS, events);
        assertEquals(SampleCorpusFacts.SESSIONS, sessions);
        assertEquals(expectedDead, dead);
        Outputs.assertConservation(published, events, sessions, dead, SampleCorpusFacts.DUPLICATES);
        assertEquals(events + sessions, Outputs.lines(out.archive()).size());
        out.assertRowsFitSchemas();
      } finally {
        result.cancel();
      }
    }
  }

  private static boolean complete(Outputs out, long expectedDead) throws Exception {
    return count(out, "crash_events") >= SampleCorpusFacts.GOOD_EVENTS
        && count(out, "sessions") >= SampleCorpusFacts.SESSIONS
        && count(out, "dead_letters") >= expectedDead
        && Outputs.lines(out.archive()).size() >= SampleCorpusFacts.GOOD_EVENTS + SampleCorpusFacts.SESSIONS;
  }

  /** Rows written so far, counted from the files (finished files only: no temp files). */
  private static long count(Outputs out, String table) throws Exception {
    return Outputs.lines(out.warehouse().resolve(table)).size();
  }
}
