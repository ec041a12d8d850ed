package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.RawMessage;
import dev.crashflow.samples.SampleCorpusFacts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubTestClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubTestReads;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming: PubsubIO through Beam's PubsubTestClient into the fake BigQuery services. */
class CrashPipelinePubsubTest {
  static final String SUBSCRIPTION = "projects/crashflow-test/subscriptions/crashes";

  @TempDir Path tmp;

  /** The sample corpus as Pub/Sub messages: envelope payloads and attributes, publish times kept. */
  static List<PubsubClient.IncomingMessage> sampleMessages(long now) throws IOException {
    List<PubsubClient.IncomingMessage> out = new ArrayList<>();
    try (InputStream in = CrashPipelinePubsubTest.class.getClassLoader()
        .getResourceAsStream(SampleData.RESOURCE)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        RawMessage m;
        try {
          m = Envelopes.parseLine(lines[i]);
        } catch (DecodeException e) {
          m = RawMessage.of(lines[i].getBytes(StandardCharsets.UTF_8));
        }
        com.google.pubsub.v1.PubsubMessage proto = com.google.pubsub.v1.PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(m.payload())).putAllAttributes(m.attributes())
            .setMessageId("m" + i).build();
        long publish = m.publishTimeMillis() != null ? m.publishTimeMillis() : now;
        out.add(PubsubClient.IncomingMessage.of(proto, publish, now, "ack" + i, "rec" + i));
      }
    }
    return out;
  }

  @Test
  void aStreamingRunFromPubsubWritesEveryTableAndLosesNothing() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    FakeDatasetService datasets = new FakeDatasetService();
    String project = CrashPipelineBigQueryTest.PROJECT;
    String dataset = CrashPipelineBigQueryTest.DATASET;
    datasets.createDataset(project, dataset, "", "", null);
    FakeBigQueryServices services =
        new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());

    long now = System.currentTimeMillis();
    PubsubTestReads.FixedClock clock = new PubsubTestReads.FixedClock(now);
    try (PubsubTestClient.PubsubTestClientFactory factory = PubsubTestClient.createFactoryForPull(
        clock, PubsubClient.subscriptionPathFromPath(SUBSCRIPTION), 60, sampleMessages(now))) {
      PubsubIO.Read<org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage> read = PubsubTestReads.withClock(
          PubsubIO.readMessagesWithAttributesAndMessageId().fromSubscription(SUBSCRIPTION)
              .withClientFactory(factory), clock);
      CrashflowOptions o = CrashPipelineBigQueryTest.options(tmp, "STORAGE_API_AT_LEAST_ONCE",
          "--inputType=pubsub", "--subscription=" + SUBSCRIPTION, "--streaming",
          "--fileFlushInterval=1s");
      o.as(DirectOptions.class).setBlockOnRun(false);
      Pipeline p = Pipeline.create(o);
      CrashPipeline.build(p, o, new IoOverrides(read, services));
      PipelineResult result = p.run();
      try {
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline
            && (rows(datasets, "crash_events") < SampleCorpusFacts.GOOD_EVENTS
                || rows(datasets, "sessions") < SampleCorpusFacts.SESSIONS
                || rows(datasets, "dead_letters") < SampleCorpusFacts.BAD_LINES)) {
          Thread.sleep(500);
        }
        Thread.sleep(2000); // anything extra (a duplicate let through) would show up now
        assertEquals(SampleCorpusFacts.GOOD_EVENTS, rows(datasets, "crash_events"));
        assertEquals(SampleCorpusFacts.SESSIONS, rows(datasets, "sessions"));
        assertEquals(SampleCorpusFacts.BAD_LINES, rows(datasets, "dead_letters"));
      } finally {
        result.cancel();
      }
    }
  }

  private static long rows(FakeDatasetService datasets, String table) {
    try {
      return datasets.getAllRows(CrashPipelineBigQueryTest.PROJECT, CrashPipelineBigQueryTest.DATASET, table).size();
    } catch (Exception e) {
      return 0; // the table is created by the first write
    }
  }
}
