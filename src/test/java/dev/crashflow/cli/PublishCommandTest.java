package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.pubsub.v1.PubsubMessage;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.RawMessage;
import dev.crashflow.testing.PubsubEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code publish} against Google's real Pub/Sub emulator; skipped where it is not installed. */
class PublishCommandTest {
  private static final String PROJECT = "crashflow-test";
  private static final AtomicInteger NEXT = new AtomicInteger();
  private static PubsubEmulator emulator;

  @TempDir Path dir;

  @BeforeAll
  static void startEmulator() throws Exception {
    // Only the tests that publish need it; help and usage errors run everywhere.
    if (PubsubEmulator.isAvailable()) {
      emulator = PubsubEmulator.start();
      System.out.println("Pub/Sub emulator ready in " + emulator.startupTime().toMillis() + " ms");
    }
  }

  @AfterAll
  static void stopEmulator() {
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void bareEventsAndEnvelopesArriveWithExactPayloadBytesAndAttributes() throws Exception {
    assumeEmulator();
    String topic = newTopicWithSubscription();
    String bare = "{\"event_id\":\"a1\",\"platform\":\"java\",\"message\":\"caf\u00e9 crashed\"}";
    byte[] gzipped = gzip("{\"event_id\":\"b2\",\"platform\":\"native\"}");
    String gzipEnvelope = "{\"payload\":\"" + Base64.getEncoder().encodeToString(gzipped)
        + "\",\"attributes\":{\"content_encoding\":\"gzip\",\"app_id\":\"g\u00e4me.one\"},"
        + "\"message_id\":\"old-id-1\"}";
    RawMessage withTime = new RawMessage("{\"event_id\":\"c3\"}".getBytes(StandardCharsets.UTF_8),
        Map.of("app_id", "game.two", "sdk", "sentry.java"), "old-id-2", 1_700_000_000_000L);
    Path plain = write("events.jsonl", bare + "\n\n   \n" + gzipEnvelope + "\n");
    Path gz = dir.resolve("more.jsonl.gz");
    Files.write(gz, gzip(Envelopes.toLine(withTime) + "\r\n" + bare + "\n"));

    Run run = publish("--topic=" + topicPath(topic), plain.toString(), gz.toString());

    assertEquals(0, run.exitCode, run.err);
    assertTrue(run.out.contains("published 4, failed 0"), run.out);
    List<String> expected = new ArrayList<>(List.of(
        key(bare.getBytes(StandardCharsets.UTF_8), Map.of()),
        key(gzipped, Map.of("content_encoding", "gzip", "app_id", "g\u00e4me.one")),
        key(withTime.payload(), withTime.attributes()),
        key(bare.getBytes(StandardCharsets.UTF_8), Map.of())));
    assertEquals(sorted(expected), sorted(pulledKeys(topic, 4)));
  }

  @Test
  void unparseableEnvelopeLineFailsTheRunAndNamesFileAndLine() throws Exception {
    assumeEmulator();
    String topic = newTopicWithSubscription();
    Path file = write("bad.jsonl",
        "{\"event_id\":\"ok1\"}\n"
            + "{\"payload\":\"%%% not base64 %%%\",\"attributes\":{}}\n"
            + "{\"event_id\":\"ok2\"}\n");

    Run run = publish("--quiet", "--topic=" + topicPath(topic), file.toString());

    assertEquals(1, run.exitCode);
    assertTrue(run.out.contains("published 2, failed 1"), run.out);
    assertTrue(run.err.contains(file + ":2: "), run.err);
    assertTrue(run.err.contains("first error: " + file + ":2: "), run.err);
    assertEquals(2, pulledKeys(topic, 2).size());
  }

  @Test
  void missingTopicFailsWithTheServerErrorUnlessCreateTopicIsGiven() throws Exception {
    assumeEmulator();
    String topic = "created-" + NEXT.incrementAndGet();
    Path file = write("one.jsonl", "{\"event_id\":\"x\"}\n");

    Run missing = publish("--topic=" + topicPath(topic), "--timeout=10", file.toString());
    assertEquals(1, missing.exitCode);
    assertTrue(missing.err.contains("first error: " + file + ":1: publish failed"), missing.err);
    assertTrue(missing.err.toLowerCase().contains("not found"), missing.err);

    Run created = publish("--create-topic", "--topic=" + topicPath(topic), file.toString());
    assertEquals(0, created.exitCode, created.err);
    assertTrue(created.out.contains("created topic " + topicPath(topic)), created.out);

    // Once it exists, --create-topic is a no-op and messages reach a new subscription.
    emulator.createSubscription(PROJECT, topic + "-sub", topic);
    Run again = publish("--create-topic", "--topic=" + topicPath(topic), file.toString());
    assertEquals(0, again.exitCode, again.err);
    assertTrue(!again.out.contains("created topic"), again.out);
    assertEquals(List.of(key("{\"event_id\":\"x\"}".getBytes(StandardCharsets.UTF_8), Map.of())),
        pulledKeys(topic, 1));
  }

  @Test
  void readsGzippedStdinWhenTheFileIsADash() throws Exception {
    assumeEmulator();
    String topic = newTopicWithSubscription();
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(gzip("{\"event_id\":\"s1\"}\n{\"event_id\":\"s2\"}\n")));
      Run run = publish("--topic=" + topicPath(topic), "--batch-size=1", "-");
      assertEquals(0, run.exitCode, run.err);
      assertTrue(run.out.contains("published 2, failed 0"), run.out);
    } finally {
      System.setIn(saved);
    }
    assertEquals(2, pulledKeys(topic, 2).size());
  }

  @Test
  void helpDescribesTheOptionsAndThatMessageIdAndPublishTimeAreDropped() {
    Run run = publish("--help");
    assertEquals(0, run.exitCode);
    for (String expected : List.of("--topic", "--emulator", "--batch-size", "--create-topic",
        "--quiet", "PUBSUB_EMULATOR_HOST", "message_id and publish_time are dropped")) {
      assertTrue(run.out.contains(expected), "help lacks " + expected + ":\n" + run.out);
    }
  }

  @Test
  void malformedTopicAndMissingFileAreUsageErrors() throws IOException {
    Path file = write("one.jsonl", "{}\n");
    Run badTopic = publish("--topic=crashes", file.toString());
    assertEquals(2, badTopic.exitCode);
    assertTrue(badTopic.err.contains("projects/<p>/topics/<t>"), badTopic.err);

    Run noFile = publish("--topic=projects/p1/topics/t1", dir.resolve("absent.jsonl").toString());
    assertEquals(2, noFile.exitCode);
    assertTrue(noFile.err.contains("cannot read input file"), noFile.err);
  }

  // --- helpers ---

  private record Run(int exitCode, String out, String err) {}

  private static void assumeEmulator() {
    Assumptions.assumeTrue(emulator != null, PubsubEmulator.UNAVAILABLE);
  }

  private Run publish(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new PublishCommand());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    if (emulator != null && !all.contains("--help")) {
      all.add(0, "--emulator=" + emulator.hostPort());
    }
    int code = cmd.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static String newTopicWithSubscription() throws IOException {
    String topic = "crashes-" + NEXT.incrementAndGet();
    emulator.createTopic(PROJECT, topic);
    emulator.createSubscription(PROJECT, topic + "-sub", topic);
    return topic;
  }

  private static String topicPath(String topic) {
    return "projects/" + PROJECT + "/topics/" + topic;
  }

  private static List<String> pulledKeys(String topic, int count) throws Exception {
    List<PubsubMessage> messages =
        emulator.pullUntil(PROJECT, topic + "-sub", count, Duration.ofSeconds(30));
    List<String> keys = new ArrayList<>();
    for (PubsubMessage m : messages) {
      keys.add(key(m.getData().toByteArray(), m.getAttributesMap()));
    }
    return keys;
  }

  /** Payload bytes and attributes as one comparable string. */
  private static String key(byte[] payload, Map<String, String> attributes) {
    return Base64.getEncoder().encodeToString(payload) + " " + new TreeMap<>(attributes);
  }

  private static List<String> sorted(List<String> keys) {
    List<String> copy = new ArrayList<>(keys);
    copy.sort(null);
    return copy;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
