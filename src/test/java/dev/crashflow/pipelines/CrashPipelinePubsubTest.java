package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import com.google.pubsub.v1.PubsubMessage;
import dev.crashflow.cli.PublishCommand;
import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.testing.PubsubEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
      emulator.createTopic(PROJECT, "issue-signals");
      emulator.createSubscription(PROJECT, "alerting", "issue-signals");
      Path samples = SampleData.extractTo(tmp.resolve("in"));
      int rc = new CommandLine(new PublishCommand()).execute("--topic=projects/" + PROJECT + "/topics/crashes",
          "--emulator=" + emulator.hostPort(), "--quiet", samples.toString());
      assertEquals(1, rc, "publish exit code (the corpus holds one unpublishable envelope)");
      long expectedDead = SampleCorpusFacts.BAD_LINES - 1;

      CrashflowOptions o = CrashPipelineBigQueryTest.optionsFor(tmp, "STORAGE_API_AT_LEAST_ONCE", DATASET,
          "--inputType=pubsub", "--subscription=projects/" + PROJECT + "/subscriptions/crashes-sub",
          "--streaming", "--fileFlushInterval=1s",
          // The corpus is dated 2026-11-20 and received today: keep it within the event age
          // and the lateness whatever today is. The
          // emulator's burst leaves the Pub/Sub watermark stalled, so issue windows are folded
          // after waiting two window lengths: short windows keep that quick.
          "--allowedLateness=3650d", "--issueStateTtl=3660d", "--maxEventAge=3650d",
          "--issueWindow=10s",
          "--issueSignalsTopic=projects/" + PROJECT + "/topics/issue-signals");
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
        assertSignalsPublished(emulator, datasets, result);
      } finally {
        result.cancel();
      }
    }
  }

  /**
   * Every issue got one NEW_ISSUE, in the issue_signals table and on the alerting topic, with the
   * attributes subscriptions filter on.
   */
  private static void assertSignalsPublished(PubsubEmulator emulator, FakeDatasetService datasets,
      PipelineResult result) throws Exception {
    Set<String> issues = new TreeSet<>();
    for (TableRow r : datasets.getAllRows(CrashPipelineBigQueryTest.PROJECT, DATASET, "crash_events")) {
      issues.add((String) r.get("issue_id"));
    }
    long deadline = System.currentTimeMillis() + 60_000;
    Set<String> tabled = newIssueSignals(datasets);
    while (tabled.size() < issues.size() && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      tabled = newIssueSignals(datasets);
    }
    Map<String, String> published = new TreeMap<>(); // signal_id -> issue_id
    ObjectMapper json = new ObjectMapper();
    while (System.currentTimeMillis() < deadline && !published.keySet().containsAll(tabled)) {
      for (PubsubMessage m : emulator.pull(PROJECT, "alerting", 500)) {
        Map<String, String> a = m.getAttributesMap();
        JsonNode body = json.readTree(m.getData().toByteArray());
        assertEquals(a.get("signal_id"), body.get("signal_id").asText());
        assertEquals(a.get("signal_type"), body.get("signal_type").asText());
        assertEquals(a.get("issue_id"), body.get("issue_id").asText());
        assertEquals(a.get("app_id"), body.get("app_id").asText());
        if ("NEW_ISSUE".equals(a.get("signal_type"))) {
          published.put(a.get("signal_id"), a.get("issue_id"));
        }
      }
    }
    assertEquals(issues.size(), tabled.size(),
        () -> "one NEW_ISSUE row per issue; counters: " + dev.crashflow.cli.Counters.of(result, false));
    assertEquals(tabled, published.keySet(), "the alerting topic carries the table's signals");
    assertEquals(issues, new TreeSet<>(published.values()));
  }

  private static Set<String> newIssueSignals(FakeDatasetService datasets) {
    Set<String> ids = new TreeSet<>();
    try {
      for (TableRow r : datasets.getAllRows(CrashPipelineBigQueryTest.PROJECT, DATASET, "issue_signals")) {
        if ("NEW_ISSUE".equals(r.get("signal_type"))) {
          ids.add((String) r.get("signal_id"));
        }
      }
    } catch (Exception e) {
      // not created yet
    }
    return ids;
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
