package dev.crashflow.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.pipelines.CrashPipeline;
import dev.crashflow.pipelines.CrashflowOptions;
import dev.crashflow.pipelines.IoOverrides;
import dev.crashflow.pipelines.SampleData;
import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.testing.FlinkSessionCluster;
import dev.crashflow.testing.KafkaBroker;
import dev.crashflow.testing.KafkaSamples;
import dev.crashflow.testing.Outputs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * crashflow on a real Flink 1.19 session cluster in separate processes on loopback: a JobManager
 * and two TaskManagers started from {@code runners/flink/config.yaml} (RocksDB, checkpoints,
 * restart strategy; ports, memory and directories set for the test), plus an in-process Kafka
 * broker. A batch run over the sample corpus checks every output; a streaming run from Kafka has
 * a TaskManager killed (SIGKILL) mid-stream and checks that after the restart nothing was lost
 * and nothing counted twice; then the launcher stops it with a savepoint and a job restored from
 * that savepoint resumes at the saved offsets with its deduplication state. About 4 minutes on 2
 * cores (231 s measured; up to 11 minutes when other builds loaded the machine to 30); logs in
 * {@code target/flink-cluster-test/log/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterTest {
  private static final Path DIR = Path.of("target", "flink-cluster-test").toAbsolutePath();
  private static final int MEASURE_EVENTS = Integer.getInteger("crashflow.flinkThroughputEvents", 0);
  private static KafkaBroker broker;
  private static FlinkSessionCluster cluster;
  /** The streaming job's options and records, for the restore from its savepoint. */
  private static CrashflowOptions streamOptions;
  private static List<ProducerRecord<byte[], byte[]>> streamRecords;

  @BeforeAll
  static void startCluster() throws Exception {
    long start = System.nanoTime();
    deleteRecursively(DIR);
    Files.createDirectories(DIR);
    broker = KafkaBroker.start(DIR.resolve("kafka"));
    cluster = FlinkSessionCluster.create(DIR, Path.of("runners", "flink", "config.yaml"), Map.of(
        "jobmanager.memory.process.size", "1g",
        "taskmanager.memory.process.size", "1600m",
        "taskmanager.memory.managed.fraction", "0.2",
        "parallelism.default", "2",
        // detect the killed TaskManager within seconds, restart soon after
        "heartbeat.interval", "2000",
        "heartbeat.timeout", "12000",
        "restart-strategy.exponential-delay.max-backoff", "5s",
        // a job that cannot run fails the test instead of restarting forever
        "restart-strategy.exponential-delay.attempts-before-reset-backoff", "8"),
        // Short-lived JVMs on two shared cores: the quick JIT tier and one GC thread cost least;
        // a throughput measurement keeps the production JIT.
        MEASURE_EVENTS > 0 ? List.of() : List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    cluster.startJobManager();
    cluster.startTaskManager("tm-1");
    cluster.startTaskManager("tm-2");
    System.out.printf("Kafka broker and Flink cluster up in %.1f s%n", seconds(start));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  void aBatchRunOverTheSampleFilesWritesEveryOutput() throws Exception {
    Path input = SampleData.extractTo(DIR.resolve("batch-in"));
    Path out = DIR.resolve("batch-out");
    CrashflowOptions o = options("--input=" + input, "--output=" + out, "--jobName=crashflow-batch");
    long start = System.nanoTime();
    PipelineResult result = run(o);
    PipelineResult.State state = result.waitUntilFinish(org.joda.time.Duration.standardMinutes(4));
    if (state != PipelineResult.State.DONE) {
      result.cancel();
    }
    assertEquals(PipelineResult.State.DONE, state, "batch job state; exceptions: " + exceptions());
    System.out.printf("batch job over the sample corpus: %.1f s from submission%n", seconds(start));
    assertEquals(1, cluster.jobs("FINISHED").size(), "the job ran on the session cluster");

    Outputs outputs = new Outputs(out);
    long events = outputs.scalar("SELECT count(*) FROM crash_events");
    long sessions = outputs.scalar("SELECT count(*) FROM sessions");
    long dead = outputs.scalar("SELECT count(*) FROM dead_letters");
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, events);
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, outputs.scalar("SELECT count(DISTINCT event_id) FROM crash_events"));
    assertEquals(SampleCorpusFacts.SESSIONS, sessions);
    assertEquals(SampleCorpusFacts.BAD_LINES, dead);
    Outputs.assertConservation(SampleCorpusFacts.TOTAL_LINES, events, sessions, dead, SampleCorpusFacts.DUPLICATES);
    Map<String, Integer> reasons = new TreeMap<>();
    for (List<Object> r : outputs.rows("SELECT error_reason, count(*) FROM dead_letters GROUP BY 1")) {
      reasons.put((String) r.get(0), ((Number) r.get(1)).intValue());
    }
    assertEquals(SampleCorpusFacts.DEAD_LETTERS_BY_REASON, reasons);
    assertEquals(events, outputs.scalar("SELECT sum(events) FROM crash_counts"));
    assertEquals(events + sessions, Outputs.lines(outputs.archive()).size());
    outputs.assertRowsFitSchemas();
  }

  @Test
  @Order(2)
  void aTaskManagerKilledMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
    broker.createTopic("crashes", 2);
    List<ProducerRecord<byte[], byte[]>> records;
    try (InputStream in = SampleData.class.getClassLoader().getResourceAsStream(SampleData.RESOURCE)) {
      records = KafkaSamples.records("crashes", in);
    }
    int half = records.size() / 2;
    broker.send(records.subList(0, half));

    Path out = DIR.resolve("stream-out");
    CrashflowOptions o = streamOptions(out);
    streamRecords = records;
    long start = System.nanoTime();
    run(o);
    Outputs outputs = new Outputs(out);
    await("the first rows", Duration.ofMinutes(3), () -> rows(outputs, "crash_events") > 0);
    System.out.printf("streaming job: first rows %.1f s after submission%n", seconds(start));
    String jobId = cluster.jobs("RUNNING").get(0);

    // Kill a TaskManager that runs part of the job, while the first half is still flowing.
    Map<String, Integer> used = cluster.usedSlots();
    String victim = used.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().orElseThrow().getKey();
    long before = rows(outputs, "crash_events");
    cluster.kill(victim);
    long killed = System.nanoTime();
    broker.send(records.subList(half, records.size()));

    long published = records.size();
    long expectedDead = SampleCorpusFacts.BAD_LINES - 1; // the unpublishable envelope is not in Kafka
    await("every output after the restart", Duration.ofMinutes(4), () ->
        rows(outputs, "crash_events") >= SampleCorpusFacts.GOOD_EVENTS
            && rows(outputs, "sessions") >= SampleCorpusFacts.SESSIONS
            && rows(outputs, "dead_letters") >= expectedDead
            && countedSoFar(outputs) >= SampleCorpusFacts.GOOD_EVENTS
            && Outputs.lines(outputs.archive()).size() >= SampleCorpusFacts.GOOD_EVENTS + SampleCorpusFacts.SESSIONS);
    System.out.printf("streaming job: every output complete %.1f s after the kill%n", seconds(killed));
    // Anything replayed twice would land within a few more checkpoints.
    Thread.sleep(8000);

    JsonNode failures = cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    assertTrue(failures.size() >= 1, "the job failed over after " + victim + " was killed");
    System.out.printf("killed %s with %d crash_events rows out; %d failover(s), first: %s%n", victim, before,
        failures.size(), failures.get(0).path("exceptionName").asText());
    long events = rows(outputs, "crash_events");
    long sessions = rows(outputs, "sessions");
    long dead = rows(outputs, "dead_letters");
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, events, "crash_events rows");
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, outputs.scalar("SELECT count(DISTINCT event_id) FROM crash_events"));
    assertEquals(SampleCorpusFacts.SESSIONS, sessions, "sessions rows");
    assertEquals(expectedDead, dead, "dead_letters rows");
    Outputs.assertConservation(published, events, sessions, dead, SampleCorpusFacts.DUPLICATES);
    // windowed counts: every window's panes add up to exactly its events
    assertEquals(
        outputs.rows("SELECT CAST(date_trunc('minute', event_timestamp) AS VARCHAR), count(*)"
            + " FROM crash_events GROUP BY 1 ORDER BY 1"),
        outputs.rows("SELECT CAST(window_start AS VARCHAR), CAST(sum(events) AS BIGINT)"
            + " FROM crash_counts GROUP BY 1 ORDER BY 1"));
    assertEquals(events + sessions, Outputs.lines(outputs.archive()).size(), "archived messages");
    outputs.assertRowsFitSchemas();
  }

  @Test
  @Order(3)
  void aSavepointStopsTheJobAndTheRestoredJobKeepsItsOffsetsAndDeduplicationState() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(FlinkLauncherArgumentsTest.hasCurl(),
        "crashflow-flink.sh stop needs curl, which is not installed");
    Path out = DIR.resolve("stream-out");
    Outputs outputs = new Outputs(out);
    // stop with a savepoint, through the launcher
    String location = launcher("stop", "--flink-master", cluster.restAddress(), "--job-name", "crashflow-stream",
        "--savepoint-dir", DIR.resolve("savepoints").toUri().toString()).trim();
    assertTrue(Files.exists(Path.of(java.net.URI.create(location)).resolve("_metadata")), "savepoint at " + location);
    await("the stopped job to finish", Duration.ofMinutes(1), () -> cluster.jobs("RUNNING").isEmpty());
    assertTrue(launcher("status", "--flink-master", cluster.restAddress()).contains("FINISHED crashflow-stream"));

    // While it is down: 20 new events, and again a message whose event the first job already counted.
    List<ProducerRecord<byte[], byte[]>> more = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < 20; i++) {
      com.fasterxml.jackson.databind.node.ObjectNode e = dev.crashflow.decode.Fixtures.json("android-java.json");
      e.put("event_id", String.format("%032x", 0xC0FFEE00L + i));
      e.put("timestamp", java.time.Instant.ofEpochMilli(now - 60_000).toString());
      more.add(new ProducerRecord<>("crashes", null, now, null, dev.crashflow.decode.Fixtures.bytes(e)));
    }
    ProducerRecord<byte[], byte[]> seen = streamRecords.get(0);
    more.add(new ProducerRecord<>("crashes", null, seen.timestamp(), null, seen.value(), seen.headers()));
    broker.send(more);

    long start = System.nanoTime();
    CrashflowOptions o = streamOptions(out);
    o.as(FlinkPipelineOptions.class).setSavepointPath(location);
    run(o);
    long expected = SampleCorpusFacts.GOOD_EVENTS + 20;
    await("the new events", Duration.ofMinutes(4), () -> rows(outputs, "crash_events") >= expected
        && countedSoFar(outputs) >= expected);
    System.out.printf("restored job: new events out %.1f s after submission%n", seconds(start));
    Thread.sleep(8000);
    assertEquals(expected, rows(outputs, "crash_events"), "crash_events: the known event was dropped as a duplicate");
    assertEquals(expected, outputs.scalar("SELECT count(DISTINCT event_id) FROM crash_events"));
    assertEquals(expected, countedSoFar(outputs));
    assertEquals(SampleCorpusFacts.SESSIONS, rows(outputs, "sessions"), "no offset was read twice");
    assertEquals(SampleCorpusFacts.BAD_LINES - 1, rows(outputs, "dead_letters"));
    assertEquals(expected + SampleCorpusFacts.SESSIONS, Outputs.lines(outputs.archive()).size());
  }

  /**
   * A measurement, not a check: with {@code -Dcrashflow.flinkThroughputEvents=N} the restored job
   * gets N more events and the test prints the TaskManagers' CPU seconds and the wall time they
   * took (the README's cost figures). Skipped otherwise.
   */
  @Test
  @Order(4)
  void throughputOnTheClusterWhenAsked() throws Exception {
    int n = MEASURE_EVENTS;
    org.junit.jupiter.api.Assumptions.assumeTrue(n > 0,
        "a measurement: run with -Dcrashflow.flinkThroughputEvents=<events> to take it");
    Outputs outputs = new Outputs(DIR.resolve("stream-out"));
    long already = rows(outputs, "crash_events");
    List<ProducerRecord<byte[], byte[]>> load = new ArrayList<>();
    long now = System.currentTimeMillis();
    com.fasterxml.jackson.databind.node.ObjectNode template = dev.crashflow.decode.Fixtures.json("android-java.json");
    for (int i = 0; i < n; i++) {
      template.put("event_id", String.format("%032x", 0xBEEF0000000L + i));
      template.put("timestamp", java.time.Instant.ofEpochMilli(now - 600_000 + (600_000L * i) / n).toString());
      load.add(new ProducerRecord<>("crashes", null, now, null, dev.crashflow.decode.Fixtures.bytes(template)));
    }
    Map<String, Double> cpuBefore = new TreeMap<>();
    for (String name : cluster.running()) {
      cpuBefore.put(name, cluster.cpuSeconds(name));
    }
    long start = System.nanoTime();
    broker.send(load);
    await("the load", Duration.ofMinutes(20), () -> rows(outputs, "crash_events") >= already + n);
    double wall = seconds(start);
    double cpu = 0;
    for (String name : cpuBefore.keySet()) {
      cpu += cluster.cpuSeconds(name) - cpuBefore.get(name);
    }
    System.out.printf("throughput: %d events in %.1f s wall (%.0f events/s), %.1f CPU s in the cluster"
        + " (%.0f events per CPU second); machine load %s%n", n, wall, n / wall, cpu, n / cpu,
        Files.readString(Path.of("/proc/loadavg")).trim());
  }

  /** The Kafka streaming job of tests 2 and 3, writing to {@code out}. */
  private static CrashflowOptions streamOptions(Path out) {
    return options("--inputType=kafka", "--kafkaBootstrapServers=" + broker.bootstrapServers(),
        "--kafkaTopic=crashes", "--streaming", "--checkpointingInterval=2000", "--output=" + out,
        "--fileFlushInterval=1s", "--fileShards=1", "--earlyFiringDelay=1s", "--jobName=crashflow-stream");
  }

  /** Runs runners/flink/crashflow-flink.sh; returns its standard output, fails on a non-zero exit. */
  private static String launcher(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("runners", "flink", "crashflow-flink.sh").toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(11, java.util.concurrent.TimeUnit.MINUTES), "launcher timed out");
    assertEquals(0, p.exitValue(), "crashflow-flink.sh " + String.join(" ", args) + ": " + stdout);
    return stdout;
  }

  private static CrashflowOptions options(String... args) {
    List<String> all = new ArrayList<>(List.of("--runner=FlinkRunner",
        "--flinkMaster=" + cluster.restAddress(), "--parallelism=2"));
    all.addAll(List.of(args));
    CrashflowOptions o = CrashPipeline.options(all.toArray(String[]::new));
    // The TaskManagers run on this JVM's classpath; nothing needs shipping.
    o.as(FlinkPipelineOptions.class).setFilesToStage(List.of());
    // Submit and return; the test watches the job through the REST API.
    o.as(FlinkPipelineOptions.class).setAttachedMode(false);
    return o;
  }

  private static PipelineResult run(CrashflowOptions o) {
    Pipeline p = Pipeline.create(o);
    CrashPipeline.build(p, o, IoOverrides.NONE);
    return p.run();
  }

  /** Rows written so far (finished files only). */
  private static long rows(Outputs outputs, String table) throws Exception {
    return Outputs.lines(outputs.warehouse().resolve(table)).size();
  }

  /** The root causes the JobManager recorded for every job, for failure messages. */
  private static String exceptions() {
    StringBuilder b = new StringBuilder();
    try {
      for (JsonNode job : cluster.get("/jobs/overview").path("jobs")) {
        String id = job.path("jid").asText();
        b.append("\n").append(job.path("name").asText()).append(" ").append(job.path("state").asText());
        for (JsonNode e : cluster.get("/jobs/" + id + "/exceptions").path("exceptionHistory").path("entries")) {
          String trace = e.path("stacktrace").asText();
          b.append("\n  ").append(trace, 0, Math.min(600, trace.length()));
        }
      }
    } catch (Exception e) {
      b.append(" (REST API unavailable: ").append(e.getMessage()).append(")");
    }
    return b.toString();
  }

  /** Events in crash_counts so far; 0 while the table has no file yet. */
  private static long countedSoFar(Outputs outputs) {
    try {
      return outputs.scalar("SELECT coalesce(sum(events), 0) FROM crash_counts");
    } catch (AssertionError e) {
      return 0;
    }
  }

  interface Check {
    boolean done() throws Exception;
  }

  private static void await(String what, Duration timeout, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.done()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; job exceptions: " + exceptions());
      }
      Thread.sleep(1000);
    }
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
