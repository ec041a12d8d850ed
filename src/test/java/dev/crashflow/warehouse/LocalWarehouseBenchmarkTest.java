package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.testing.SampleWarehouse;
import dev.crashflow.transforms.FileWriteSettings;
import dev.crashflow.transforms.WriteLocalTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the local warehouse takes rows, and how much disk it needs: {@code crash_events} rows
 * (the sample corpus' real rows, copied with fresh event ids) written by the pipeline's own
 * {@link WriteLocalTable} on embedded Flink, then read back through DuckDB. Prints figures;
 * runs only with {@code -Dcrashflow.bench=true} ({@code -Dcrashflow.bench.rows=N}, default
 * 50000: about 300 MB in {@code target/} while it runs, about a minute on 2 cores).
 * Size per million events is extrapolated linearly from the measured run.
 */
class LocalWarehouseBenchmarkTest {

  @TempDir Path dir;

  @Test
  @EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
  void crashEventsRowsPerSecondAndBytesPerMillionEvents() throws Exception {
    int rows = Integer.getInteger("crashflow.bench.rows", 50_000);
    List<String> templates = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SampleWarehouse.warehouse().resolve("crash_events"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(templates::add);
      }
    }
    assertEquals(371, templates.size(), "the sample corpus' crash_events rows");
    int shards = 8;

    // A small job first: warms the JVM and measures what a job costs beyond its rows (Flink
    // MiniCluster start, planning, file finalisation), so the marginal rate can be told apart.
    int small = 2_000;
    double smallSeconds = write(templates, small, shards, dir.resolve("small"));
    double seconds = write(templates, rows, shards, dir);

    long bytes = 0;
    List<Path> written;
    try (Stream<Path> files = Files.walk(dir.resolve("crash_events"))) {
      written = files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".")).toList();
    }
    for (Path f : written) {
      bytes += Files.size(f);
    }
    // The warehouse also reads .json.gz: what gzip would save, measured on the first file.
    Path sample = written.get(0);
    Path gz = dir.resolve("sample.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(sample, out);
    }
    double gzipRatio = (double) Files.size(gz) / Files.size(sample);
    Files.delete(gz);

    long q0 = System.nanoTime();
    long counted;
    List<List<Object>> top;
    try (LocalWarehouse w = LocalWarehouse.open(dir, Tables.ALL)) {
      counted = ((Number) w.query("SELECT COUNT(*) FROM crash_events").rows().get(0).get(0))
          .longValue();
      double countSeconds = (System.nanoTime() - q0) / 1e9;
      long q1 = System.nanoTime();
      top = w.query("SELECT issue_id, events, users FROM top_issues ORDER BY events DESC"
          + " LIMIT 3").rows();
      System.out.printf(Locale.ROOT, "  DuckDB over the files: COUNT(*) %.2f s (incl. opening),"
          + " top_issues view %.2f s%n", countSeconds, (System.nanoTime() - q1) / 1e9);
    }
    assertEquals(rows, counted, "every row written is read back");
    assertTrue(!top.isEmpty());

    double perMillion = bytes / (double) rows * 1_000_000;
    System.out.printf(Locale.ROOT, "Local warehouse write benchmark (crash_events, %d rows,"
        + " %d files, embedded Flink, %d cores)%n", rows, written.size(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "  wall time incl. job start: %.1f s -> %.0f rows/s"
        + " (%.1f MB/s of JSON)%n", seconds, rows / seconds, bytes / 1e6 / seconds);
    System.out.printf(Locale.ROOT, "  a %d-row job took %.1f s; marginal rate (%d - %d rows) /"
        + " (%.1f - %.1f s): %.0f rows/s%n", small, smallSeconds, rows, small, seconds,
        smallSeconds, (rows - small) / Math.max(0.001, seconds - smallSeconds));
    System.out.printf(Locale.ROOT, "  on disk: %.1f MB = %.0f bytes/event; per million events"
        + " (extrapolated): %.2f GB as JSON, about %.2f GB gzipped (ratio %.3f on one file)%n",
        bytes / 1e6, bytes / (double) rows, perMillion / 1e9, perMillion * gzipRatio / 1e9,
        gzipRatio);
  }

  /** Writes {@code rows} copies through {@link WriteLocalTable} on embedded Flink; seconds. */
  private static double write(List<String> templates, int rows, int shards, Path out) {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(FlinkRunner.class);
    Pipeline p = Pipeline.create(options);
    List<Integer> seeds = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      seeds.add(s);
    }
    p.apply(Create.of(seeds).withCoder(VarIntCoder.of()))
        .apply(Reshuffle.viaRandomKey())
        .apply(ParDo.of(new CopyRowsFn(templates, rows, shards)))
        .setCoder(TableRowJsonCoder.of())
        .apply(WriteLocalTable.to(out.toString(), "crash_events", FileWriteSettings.defaults()));
    long t0 = System.nanoTime();
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Emits its share of {@code total} rows, cycling over the templates with new event ids. */
  static final class CopyRowsFn extends DoFn<Integer, TableRow> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> templates;
    private final int total;
    private final int shards;
    private transient List<TableRow> parsed;

    CopyRowsFn(List<String> templates, int total, int shards) {
      this.templates = templates;
      this.total = total;
      this.shards = shards;
    }

    @Setup
    public void setup() throws IOException {
      parsed = new ArrayList<>();
      for (String t : templates) {
        parsed.add(JSON.readValue(t, TableRow.class));
      }
    }

    @ProcessElement
    public void process(@Element Integer shard, OutputReceiver<TableRow> out) {
      for (int i = shard; i < total; i += shards) {
        TableRow row = parsed.get(i % parsed.size()).clone();
        row.set("event_id", String.format(Locale.ROOT, "%032x", i));
        out.output(row);
      }
    }
  }
}
