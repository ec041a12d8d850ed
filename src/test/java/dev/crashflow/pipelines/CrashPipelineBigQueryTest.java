package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.model.RawMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline writing to BigQuery through Beam's in-process fake BigQuery services. */
class CrashPipelineBigQueryTest {
  static final String PROJECT = "crashflow-test";
  static final String DATASET = "crashflow";

  @TempDir Path tmp;
  FakeDatasetService datasets;
  FakeBigQueryServices services;

  @BeforeEach
  void setUp() throws Exception {
    FakeDatasetService.setUp();
    FakeJobService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, DATASET, "", "", null);
    services = new FakeBigQueryServices().withDatasetService(datasets).withJobService(new FakeJobService());
  }

  static CrashflowOptions options(Path tmp, String method, String... more) {
    return optionsFor(tmp, method, DATASET, more);
  }

  /**
   * Options writing to {@code dataset}. Each test class uses its own dataset: BigQueryIO remembers
   * the tables it created in static state, which would outlive the fakes' reset between tests.
   */
  static CrashflowOptions optionsFor(Path tmp, String method, String dataset, String... more) {
    String[] base = {"--project=" + PROJECT, "--outputType=bigquery",
        "--bigQueryDataset=" + PROJECT + ":" + dataset, "--bigQueryWriteMethod=" + method,
        "--output=" + tmp.resolve("out"), "--tempLocation=" + tmp.resolve("bq-temp")};
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
        .toArray(String[]::new);
    PipelineOptionsFactory.register(CrashflowOptions.class);
    return PipelineOptionsFactory.fromArgs(all).as(CrashflowOptions.class);
  }

  /** The id of the first sample line that decodes to an event. */
  static String firstGoodEventId() throws Exception {
    EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());
    try (InputStream in = CrashPipelineBigQueryTest.class.getClassLoader().getResourceAsStream(SampleData.RESOURCE)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        try {
          RawMessage m = Envelopes.parseLine(line);
          Decoded d = decoder.decode(m, m.publishTimeMillis() == null ? 0 : m.publishTimeMillis());
          if (d.event() != null) {
            return d.event().eventId();
          }
        } catch (DecodeException e) {
          // a bad line: look further
        }
      }
    }
    throw new AssertionError("no good event in the sample corpus");
  }

  @Test
  void everyTableLandsInBigQueryAndRejectedRowsBecomeDeadLetters() throws Exception {
    String rejected = rejectOneEvent();
    // Embedded Flink: the same graph as DirectRunner in a fraction of the time (the fakes keep
    // their tables in static maps, which the in-process cluster shares).
    Pipeline p = Pipeline.create(options(tmp, "STORAGE_WRITE_API", "--runner=FlinkRunner",
        "--perAppTables=true"));
    CrashPipeline.build(p, p.getOptions().as(CrashflowOptions.class), new IoOverrides(null, services));
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    List<TableRow> events = datasets.getAllRows(PROJECT, DATASET, "crash_events");
    List<TableRow> dead = datasets.getAllRows(PROJECT, DATASET, "dead_letters");
    assertEquals(SampleCorpusFacts.GOOD_EVENTS - 1, events.size());
    assertEquals(SampleCorpusFacts.SESSIONS, datasets.getAllRows(PROJECT, DATASET, "sessions").size());
    // The rejected row twice: in crash_events and in its per-app table.
    assertEquals(SampleCorpusFacts.BAD_LINES + 2, dead.size());
    assertTrue(events.stream().allMatch(r -> r.get("issue_id") != null));
    Set<String> steps = dead.stream().map(r -> (String) r.get("step")).collect(Collectors.toSet());
    assertTrue(steps.contains("bigquery:crash_events") && steps.contains("bigquery:per_app"),
        "steps: " + steps);
    assertTrue(dead.stream().anyMatch(r -> rejected.equals(r.get("event_id"))));
    long counted = datasets.getAllRows(PROJECT, DATASET, "crash_counts").stream()
        .mapToLong(r -> Long.parseLong(String.valueOf(r.get("events")))).sum();
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, counted);
    assertAggregates(events);
    long perApp = 0;
    for (java.util.Map.Entry<String, Integer> app : SampleCorpusFacts.EVENTS_BY_APP.entrySet()) {
      for (String platform : List.of("ANDROID", "IOS")) {
        String table = dev.crashflow.warehouse.AppTables.name(app.getKey(), platform);
        if (datasets.getTable(new com.google.api.services.bigquery.model.TableReference()
            .setProjectId(PROJECT).setDatasetId(DATASET).setTableId(table)) != null) {
          perApp += datasets.getAllRows(PROJECT, DATASET, table).size();
        }
      }
    }
    assertEquals(events.size(), perApp, "--perAppTables: each written event in its app's table too");
  }

  /**
   * The aggregate tables: the rollups count every event at both granularities, release_health
   * every session, and the sketch columns are zetasketch HLL++ (what BigQuery's HLL_COUNT reads)
   * that merge to the distinct users of crash_events.
   */
  private void assertAggregates(List<TableRow> events) throws Exception {
    List<TableRow> rollups = datasets.getAllRows(PROJECT, DATASET, "crash_rollups");
    for (String granularity : List.of("HOUR", "DAY")) {
      assertEquals(SampleCorpusFacts.GOOD_EVENTS, rollups.stream()
          .filter(r -> granularity.equals(r.get("granularity")))
          .mapToLong(r -> Long.parseLong(String.valueOf(r.get("events")))).sum(), granularity);
    }
    DistinctSketch users = DistinctSketch.Format.ZETASKETCH.empty();
    for (TableRow r : datasets.getAllRows(PROJECT, DATASET, "crash_counts")) {
      users.merge(DistinctSketch.Format.ZETASKETCH.fromBytes(
          java.util.Base64.getDecoder().decode(String.valueOf(r.get("users_sketch")))));
    }
    Set<Object> ids = events.stream().map(r -> ((java.util.Map<?, ?>) r.get("user")).get("id"))
        .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    // The rejected crash_events row's user may be missing from `events`: at most one more.
    assertTrue(users.cardinality() - ids.size() <= 1 && users.cardinality() >= ids.size(),
        users.cardinality() + " users in the sketches, " + ids.size() + " in crash_events");
    assertTrue(datasets.getAllRows(PROJECT, DATASET, "release_health").stream()
        .mapToLong(r -> Long.parseLong(String.valueOf(r.get("sessions")))).sum() > 0);
    assertTrue(!datasets.getAllRows(PROJECT, DATASET, "missing_symbols").isEmpty(),
        "without --symbols, events that need symbols wait for them");
  }

  /** Makes the fake reject the crash_events row of one event; returns its id. */
  private String rejectOneEvent() throws Exception {
    String id = firstGoodEventId();
    datasets.setShouldFailRow(new RejectEvent(id));
    return id;
  }

  /** The fake travels with the pipeline, so its row filter must be serialisable. */
  static final class RejectEvent implements java.util.function.Function<TableRow, Boolean>, java.io.Serializable {
    private final String eventId;

    RejectEvent(String eventId) {
      this.eventId = eventId;
    }

    @Override
    public Boolean apply(TableRow row) {
      return eventId.equals(row.get("event_id")) && row.containsKey("issue_title");
    }
  }
}
