package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.crashflow.cli.PublishCommand;
import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.testing.PubsubEmulator;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The production shape in streaming: PubsubIO reading Google's real Pub/Sub emulator, BigQueryIO
 * (Storage Write API, at-least-once) writing into Beam's fake BigQuery services.
 *
 * <p>Beam's {@code PubsubTestClient} is not used for this: its simulated clock only moves when a
 * test moves it, and DirectRunner's unbounded reads checkpoint and resume, nacking unread messages
 * that the test client then never redelivers; a streaming run stalls after the first pulls.
 */
class CrashPipelinePubsubTest {
  static final String PROJECT = "crashflow-bq";
  static final String DATASET = "crashflow_streaming";

  @TempDir Path tmp;

  @Test
  void aStreamingRunFromPubsubWritesEveryBigQueryTableAndLosesNothing() throws Exception {
    assumeTrue(PubsubEmulator.isAvailable(), PubsubEmulator.UNAVAILABLE);
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    datasets.createDataset(CrashPipelineBigQueryTest.PROJECT, DATASET, "", "", null);
    FakeBigQueryServices services =
        new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());

    try (PubsubEmulator emulator = PubsubEmulator.start()) {
      emulator.createTopic(PROJECT, "crashes");
      emulator.createSubscription(PROJECT, "crashes-sub", "crashes");
      Path samples = SampleData.extractTo(tmp.resolve("in"));
      int rc = new CommandLine(new PublishCommand()).execute("--topic=projects/" + PROJECT + "/topics/crashes",
          "--emulator=" + emulator.hostPort(), "--quiet", samples.toString());
      assertEquals(1, rc, "publish exit code (the corpus holds one unpublishable envelope)");
      long expectedDead = SampleCorpusFacts.BAD_LINES - 1;

      CrashflowOptions o = CrashPipelineBigQueryTest.optionsFor(tmp, "STORAGE_API_AT_LEAST_ONCE", DATASET,
          "--inputType=pubsub", "--subscription=projects/" + PROJECT + "/subscriptions/crashes-sub",
          "--streaming", "--fileFlushInterval=1s");
      emulator.beamOptions(o, PROJECT);
      o.as(DirectOptions.class).setBlockOnRun(false);
      Pipeline p = Pipeline.create(o);
      CrashPipeline.build(p, o, new IoOverrides(null, services));
      PipelineResult result = p.run();
      try {
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline
            && (rows(datasets, "crash_events") < SampleCorpusFacts.GOOD_EVENTS
                || rows(datasets, "sessions") < SampleCorpusFacts.SESSIONS
                || rows(datasets, "dead_letters") < expectedDead)) {
          Thread.sleep(1000);
        }
        Thread.sleep(3000); // a duplicate let through would show up now
        assertEquals(SampleCorpusFacts.GOOD_EVENTS, rows(datasets, "crash_events"),
            () -> "counters: " + dev.crashflow.cli.Counters.of(result, false));
        assertEquals(SampleCorpusFacts.SESSIONS, rows(datasets, "sessions"));
        assertEquals(expectedDead, rows(datasets, "dead_letters"));
      } finally {
        result.cancel();
      }
    }
  }

  private static long rows(FakeDatasetService datasets, String table) {
    try {
      List<?> rows = datasets.getAllRows(CrashPipelineBigQueryTest.PROJECT, DATASET, table);
      return rows.size();
    } catch (Exception e) {
      return 0; // the sink creates the table with its first write
    }
  }
}
