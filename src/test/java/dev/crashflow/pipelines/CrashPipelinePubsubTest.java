package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.RawMessage;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.EventDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

/**
 * Streaming: PubsubIO through Beam's PubsubTestClient into the fake BigQuery services. The test
 * client hands DirectRunner a few messages per bundle, so this uses the first lines of the sample
 * corpus (the emulator test streams all of it); the expected counts come from decoding them.
 */
class CrashPipelinePubsubTest {
  static final String SUBSCRIPTION = "projects/crashflow-test/subscriptions/crashes";
  static final int LINES = 120;

  @TempDir Path tmp;

  /** What the first lines should become: events (unique ids), sessions, dead letters. */
  record Expected(long events, long sessions, long deadLetters) {}

  static Expected expected(List<RawMessage> messages) {
    EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());
    Set<String> ids = new HashSet<>();
    long sessions = 0;
    long dead = 0;
    for (RawMessage m : messages) {
      try {
        Decoded d = decoder.decode(m, m.publishTimeMillis() == null ? System.currentTimeMillis() : m.publishTimeMillis());
        if (d.event() != null) {
          ids.add(d.event().eventId());
        } else {
          sessions++;
        }
      } catch (DecodeException e) {
        dead++;
      }
    }
    return new Expected(ids.size(), sessions, dead);
  }

  /** The first lines of the sample corpus as raw messages (a bad envelope as its bare bytes). */
  static List<RawMessage> sampleRawMessages(int limit) throws IOException {
    List<RawMessage> out = new ArrayList<>();
    try (InputStream in = CrashPipelinePubsubTest.class.getClassLoader()
        .getResourceAsStream(SampleData.RESOURCE)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length && out.size() < limit; i++) {
        if (lines[i].isBlank()) {
          continue;
        }
        try {
          out.add(Envelopes.parseLine(lines[i]));
        } catch (DecodeException e) {
          out.add(RawMessage.of(lines[i].getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return out;
  }

  /** Raw messages as the test client's incoming messages, publish times kept. */
  static List<PubsubClient.IncomingMessage> incoming(List<RawMessage> messages, long now) {
    List<PubsubClient.IncomingMessage> out = new ArrayList<>();
    {
      for (int i = 0; i < messages.size(); i++) {
        RawMessage m = messages.get(i);
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
    List<RawMessage> messages = sampleRawMessages(LINES);
    Expected want = expected(messages);
    PubsubTestClient.PubsubTestClientFactory factory = PubsubTestClient.createFactoryForPull(
        clock, PubsubClient.subscriptionPathFromPath(SUBSCRIPTION), 60, incoming(messages, now));
    try {
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
            && (rows(datasets, "crash_events") < want.events()
                || rows(datasets, "sessions") < want.sessions()
                || rows(datasets, "dead_letters") < want.deadLetters())) {
          Thread.sleep(500);
        }
        Thread.sleep(2000); // anything extra (a duplicate let through) would show up now
        assertTrue(want.events() > 50 && want.sessions() > 0 && want.deadLetters() > 0, want.toString());
        assertEquals(want.events(), rows(datasets, "crash_events"));
        assertEquals(want.sessions(), rows(datasets, "sessions"));
        assertEquals(want.deadLetters(), rows(datasets, "dead_letters"));
      } finally {
        result.cancel();
      }
    } finally {
      try {
        factory.close();
      } catch (IllegalStateException e) {
        // The test client insists every message was acked; acks ride on checkpoints that a
        // cancelled streaming run never finalises. Closing still frees the client for the JVM.
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
