package dev.crashflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator harness itself, and Beam's PubsubIO reading from it on a streaming DirectRunner. */
class PubsubEmulatorTest {
  private static final String PROJECT = "crashflow-test";
  private static PubsubEmulator emulator;

  /** What the pipeline saw; static because DoFns are serialised and run in the same JVM. */
  private static final ConcurrentLinkedQueue<String> SEEN = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void startEmulator() throws Exception {
    if (!PubsubEmulator.isAvailable()) {
      return; // each test then reports itself skipped, with the reason
    }
    emulator = PubsubEmulator.start();
    System.out.println("Pub/Sub emulator ready in " + emulator.startupTime().toMillis() + " ms");
  }

  @BeforeEach
  void requireEmulator() {
    Assumptions.assumeTrue(emulator != null, PubsubEmulator.UNAVAILABLE);
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void pullReturnsPublishedMessagesWithAttributesOnce() throws Exception {
    TopicName topic = emulator.createTopic(PROJECT, "harness");
    emulator.createSubscription(PROJECT, "harness-sub", "harness");
    publish(topic, 3);

    List<PubsubMessage> pulled =
        emulator.pullUntil(PROJECT, "harness-sub", 3, Duration.ofSeconds(30));

    assertEquals(expected(3), sortedKeys(pulled));
    // Nothing beyond what was published (proving the ack itself would take the 10 s deadline).
    assertEquals(List.of(), emulator.pull(PROJECT, "harness-sub", 10));
  }

  @Test
  void beamPubsubIoReadsMessagesWithAttributesAndIdsOnStreamingDirectRunner() throws Exception {
    TopicName topic = emulator.createTopic(PROJECT, "beam");
    emulator.createSubscription(PROJECT, "beam-sub", "beam");
    SEEN.clear();
    publish(topic, 5);

    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    options.as(StreamingOptions.class).setStreaming(true);
    options.as(DirectOptions.class).setBlockOnRun(false);
    emulator.beamOptions(options, PROJECT);
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ReadPubsub", PubsubIO.readMessagesWithAttributesAndMessageId()
            .fromSubscription("projects/" + PROJECT + "/subscriptions/beam-sub"))
        .apply("Collect", ParDo.of(new CollectFn()));
    PipelineResult result = pipeline.run();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (SEEN.size() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    } finally {
      result.cancel();
    }

    List<String> keys = new ArrayList<>();
    for (String seen : SEEN) {
      String[] idAndKey = seen.split("\\|", 2);
      assertFalse(idAndKey[0].isEmpty(), "message id missing: " + seen);
      keys.add(idAndKey[1]);
    }
    keys.sort(null);
    assertEquals(expected(5), keys);
  }

  @Test
  void closeKillsTheEmulatorAndFreesItsPort() throws Exception {
    PubsubEmulator second = PubsubEmulator.start();
    ProcessHandle process = ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains("--port=" + second.port()))
            .orElse(false))
        .findFirst()
        .orElse(null);
    assertNotNull(process, "no process listening as --port=" + second.port());

    second.close();

    assertFalse(process.isAlive());
    assertThrows(IOException.class, () -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", second.port()), 1000);
      }
    });
  }

  /** Records "messageId|payload attributes" for each element. */
  static class CollectFn extends DoFn<org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage, Void> {
    @ProcessElement
    public void process(@Element org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage m) {
      SEEN.add(m.getMessageId() + "|" + key(m.getPayload(), m.getAttributeMap()));
    }
  }

  private static void publish(TopicName topic, int count) throws Exception {
    Publisher publisher = emulator.clients().publisher(topic).build();
    try {
      List<com.google.api.core.ApiFuture<String>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(publisher.publish(PubsubMessage.newBuilder()
            .setData(ByteString.copyFrom(payload(i)))
            .putAllAttributes(attributes(i))
            .build()));
      }
      for (var future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      publisher.shutdown();
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static byte[] payload(int i) {
    return ("{\"event_id\":\"e" + i + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> attributes(int i) {
    return Map.of("app_id", "game." + i, "content_encoding", "identity");
  }

  private static List<String> expected(int count) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(key(payload(i), attributes(i)));
    }
    keys.sort(null);
    return keys;
  }

  private static List<String> sortedKeys(List<PubsubMessage> messages) {
    List<String> keys = new ArrayList<>();
    for (PubsubMessage m : messages) {
      keys.add(key(m.getData().toByteArray(), m.getAttributesMap()));
    }
    keys.sort(null);
    return keys;
  }

  private static String key(byte[] payload, Map<String, String> attributes) {
    return new String(payload, StandardCharsets.UTF_8) + " " + new TreeMap<>(attributes);
  }
}
