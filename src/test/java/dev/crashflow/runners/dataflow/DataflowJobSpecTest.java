package dev.crashflow.runners.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.pipelines.CrashPipeline;
import dev.crashflow.pipelines.CrashflowOptions;
import dev.crashflow.pipelines.IoOverrides;
import dev.crashflow.warehouse.Tables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarOutputStream;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.DoFnInfo;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.StringUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production graph (Pub/Sub in, BigQuery and a {@code gs://} archive out, streaming, Streaming
 * Engine) translates into a Dataflow job spec, offline. One translation for the whole class.
 *
 * <p>The offline route, step by step, and why each step is needed:
 *
 * <ul>
 *   <li>Credentials: {@code NoopCredentialFactory}, so nothing asks the metadata server or
 *       gcloud for a token; project and region are given, so nothing looks them up.
 *   <li>Paths: {@code NoopPathValidator}, so the temp and staging locations (local directories
 *       here) are not checked against Cloud Storage; staging then writes through Beam's local file
 *       system. {@code --filesToStage} is one small jar instead of the whole test classpath.
 *   <li>Submission: {@code --templateLocation=<local file>} makes {@code DataflowRunner.run} write
 *       the complete job (every step, with each DoFn serialised into it) to that file and return a
 *       {@link DataflowTemplateJob} instead of calling the Dataflow API. ({@code --dataflowJobFile}
 *       writes the same file but then submits.) The Flex Template launcher uses the same mode.
 *   <li>Validation: {@code Pipeline.run()} is {@code validate()} plus {@code runner.run(pipeline)};
 *       its validate step asks each transform to validate itself, and BigQueryIO's checks with
 *       BigQuery that the dataset exists (in production Terraform creates it). The test calls the
 *       runner directly, so the graph is exactly production's (no fake BigQuery services in it).
 * </ul>
 *
 * <p>To prove the point, every HTTP(S) connection is routed to a local proxy that records and
 * refuses it; the test asserts it saw none.
 */
class DataflowJobSpecTest {
  /** Top-level steps whose names Dataflow's {@code --update} matches on: renaming one needs {@code --transformNameMapping}. */
  static final List<String> STABLE_STEPS = List.of("ReadPubsub", "DecodeEvents", "DeduplicateEvents",
      "EventsToArchive", "SessionsToArchive", "FlattenArchive", "ArchiveRawMessages",
      "SymbolicateFrames", "GroupIntoIssues", "ToCrashEventRows", "CountCrashesPerWindow",
      "ToSessionRows", "TrackIssues", "PublishIssueSignals", "FlattenFailures", "ToDeadLetterRows",
      "WriteDeadLetters");

  @TempDir static Path dir;
  private static JsonNode job;
  private static Class<?> resultClass;
  private static RefusingProxy proxy;
  private static final Map<String, String> savedProperties = new java.util.HashMap<>();

  @BeforeAll
  static void translate() throws Exception {
    proxy = RefusingProxy.start();
    for (String scheme : List.of("http", "https")) {
      setProperty(scheme + ".proxyHost", "127.0.0.1");
      setProperty(scheme + ".proxyPort", String.valueOf(proxy.port()));
    }
    setProperty("http.nonProxyHosts", "");

    Path jar = dir.resolve("stage-me.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry("crashflow-staging-test.txt"));
      out.write("staged by DataflowJobSpecTest".getBytes(StandardCharsets.UTF_8));
    }
    // kept in target/ for a look at what Dataflow would receive
    Path jobFile = Files.createDirectories(Path.of("target", "dataflow-job-spec")).resolve("job.json");
    CrashflowOptions options = FlexTemplateMain.options(new String[] {
        "--project=crashflow-test", "--region=europe-west1", "--jobName=crashflow-spec-test",
        "--gcpTempLocation=" + Files.createDirectories(dir.resolve("temp")),
        "--stagingLocation=" + Files.createDirectories(dir.resolve("staging")),
        "--templateLocation=" + jobFile.toAbsolutePath(),
        "--filesToStage=" + jar.toAbsolutePath(),
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--streaming", "--enableStreamingEngine", "--stableUniqueNames=ERROR",
        "--inputType=pubsub", "--subscription=projects/crashflow-test/subscriptions/crashflow-crashes",
        "--outputType=bigquery", "--bigQueryDataset=crashflow-test:crashflow",
        "--archive=gs://crashflow-test-archive/archive", "--symbols=gs://crashflow-test-symbols/store",
        "--issueSignalsTopic=projects/crashflow-test/topics/crashflow-issue-signals"});
    Pipeline p = Pipeline.create(options);
    CrashPipeline.build(p, options, IoOverrides.NONE);
    DataflowPipelineJob result = DataflowRunner.fromOptions(options).run(p);
    resultClass = result.getClass();
    job = new ObjectMapper().readTree(jobFile.toFile());
  }

  @AfterAll
  static void restore() throws IOException {
    savedProperties.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
    if (proxy != null) {
      proxy.close();
    }
  }

  private static void setProperty(String key, String value) {
    savedProperties.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  @Test
  void translationNeverTriedToReachTheNetwork() {
    assertEquals(List.of(), proxy.attempts(), "connections attempted while translating");
    assertEquals(DataflowTemplateJob.class, resultClass, "the runner must only write the job spec");
  }

  @Test
  void theJobIsAStreamingEngineJob() {
    assertEquals("JOB_TYPE_STREAMING", job.path("type").asText());
    List<String> experiments = texts(job.path("environment").path("experiments"));
    assertTrue(experiments.containsAll(List.of("enable_streaming_engine", "enable_windmill_service")),
        experiments.toString());
    assertTrue(job.path("environment").path("tempStoragePrefix").asText().endsWith("temp"),
        job.path("environment").toString());
  }

  @Test
  void pubsubIsReadByDataflowsNativeSourceFromTheSubscription() {
    List<JsonNode> reads = steps(s -> s.path("kind").asText().equals("ParallelRead")
        && prop(s, "format").equals("pubsub"));
    assertEquals(1, reads.size(), "Pub/Sub reads: " + reads);
    // Dataflow's internal form of projects/crashflow-test/subscriptions/crashflow-crashes
    assertEquals("/subscriptions/crashflow-test/crashflow-crashes", prop(reads.get(0), "pubsub_subscription"));
    assertTrue(userName(reads.get(0)).startsWith("ReadPubsub/"), userName(reads.get(0)));
  }

  @Test
  void everyStableStepAndEveryTableSinkIsInTheJob() {
    Set<String> topLevel = new TreeSet<>();
    steps(s -> true).forEach(s -> topLevel.add(userName(s).split("/", 2)[0]));
    List<String> missing = new ArrayList<>();
    for (String name : STABLE_STEPS) {
      if (!topLevel.contains(name)) {
        missing.add(name);
      }
    }
    assertEquals(List.of(), missing, "steps missing from the Dataflow job (renamed? Dataflow --update"
        + " needs --transformNameMapping for a rename, see README): top-level steps are " + topLevel);
    for (String table : Tables.ALL) {
      String sink = table.equals("dead_letters") ? "WriteDeadLetters" : "Write_" + table;
      assertTrue(topLevel.contains(sink), "no sink step " + sink + " for table " + table + " in " + topLevel);
    }
  }

  @Test
  void everyDoFnIsSerialisedIntoTheJobAndDeserialisesAgain() {
    List<JsonNode> parDos = steps(s -> s.path("kind").asText().equals("ParallelDo"));
    assertTrue(parDos.size() > 40, "only " + parDos.size() + " ParallelDo steps");
    Set<String> crashflowFns = new TreeSet<>();
    for (JsonNode step : parDos) {
      String serialized = prop(step, "serialized_fn");
      assertTrue(!serialized.isEmpty(), "no serialized_fn in " + userName(step));
      Object info = SerializableUtils.deserializeFromByteArray(
          StringUtils.jsonStringToByteArray(serialized), userName(step));
      assertTrue(info instanceof DoFnInfo, userName(step) + ": " + info.getClass());
      DoFn<?, ?> fn = ((DoFnInfo<?, ?>) info).getDoFn();
      assertEquals(prop(step, "user_fn"), fn.getClass().getName(), userName(step));
      if (fn.getClass().getName().startsWith("dev.crashflow.")) {
        crashflowFns.add(fn.getClass().getName());
      }
    }
    // crashflow's own DoFns, not only Beam's: decoding, symbolication, grouping, issue tracking, sinks
    for (String expected : List.of("Decode", "Symbolicate", "Group", "Track", "Count")) {
      assertTrue(crashflowFns.stream().anyMatch(c -> c.contains(expected)),
          "no crashflow DoFn with '" + expected + "' in " + crashflowFns);
    }
  }

  private static List<JsonNode> steps(java.util.function.Predicate<JsonNode> filter) {
    List<JsonNode> out = new ArrayList<>();
    job.path("steps").forEach(s -> {
      if (filter.test(s)) {
        out.add(s);
      }
    });
    return out;
  }

  private static String userName(JsonNode step) {
    return prop(step, "user_name");
  }

  /** A step property: the job spec wraps each as {"@type": ..., "value": ...}. */
  private static String prop(JsonNode step, String name) {
    JsonNode p = step.path("properties").path(name);
    return p.has("value") ? p.get("value").asText() : p.asText("");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** A local "proxy" that records the first line of every connection (the CONNECT or GET) and closes it. */
  static final class RefusingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> attempts = Collections.synchronizedList(new ArrayList<>());

    private RefusingProxy(ServerSocket server) {
      this.server = server;
    }

    static RefusingProxy start() throws IOException {
      RefusingProxy proxy = new RefusingProxy(new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()));
      Thread t = new Thread(proxy::serve, "refusing-proxy");
      t.setDaemon(true);
      t.start();
      return proxy;
    }

    int port() {
      return server.getLocalPort();
    }

    List<String> attempts() {
      return List.copyOf(attempts);
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          s.setSoTimeout(2000);
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
          attempts.add(String.valueOf(line));
        } catch (IOException e) {
          if (!server.isClosed()) {
            attempts.add("connection: " + e);
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
