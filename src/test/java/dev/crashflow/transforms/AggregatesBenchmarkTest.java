package dev.crashflow.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import dev.crashflow.testing.Events;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How big the aggregate tables get and how fast they are written to the local warehouse: a day of
 * generated events through crash_counts (1-minute windows) and the hourly and daily crash_rollups
 * on embedded Flink, for two sizes of apps x versions x issues and two event counts. Prints rows,
 * bytes, rows/s and CPU; runs only with {@code -Dcrashflow.bench=true}. The sketch sizes of both
 * formats are printed for growing numbers of distinct users.
 */
class AggregatesBenchmarkTest {
  private static final Instant DAY = new Instant(1_763_769_600_000L);
  private static final int USERS = 2_000;

  @TempDir Path dir;

  @Test
  @EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
  void aggregatesGrowWithAppsVersionsAndIssuesNotWithEvents() throws Exception {
    int scale = Integer.getInteger("crashflow.bench.events", 20_000);
    System.out.printf(Locale.ROOT, "Aggregates benchmark (a day of events, %d users, embedded Flink,"
        + " %d cores), load before: %s%n", USERS, Runtime.getRuntime().availableProcessors(), load());
    System.out.println("  apps x versions x issues | events | table: rows, KB, bytes/row |"
        + " wall s | process CPU s | rows/s (wall)");
    run(new int[] {1, 1, 4}, 2_000, dir.resolve("warmup"), false);
    for (int[] dims : List.of(new int[] {2, 2, 10}, new int[] {4, 5, 25})) {
      for (int events : List.of(scale, scale * 4)) {
        run(dims, events, dir.resolve(dims[0] * dims[1] * dims[2] + "-" + events), true);
      }
    }
    System.out.println("  sketch bytes per row by distinct ids: ids | LOCAL (exact) | ZETASKETCH (BigQuery)");
    for (int n : new int[] {10, 1_000, 10_000, 100_000}) {
      DistinctSketch local = DistinctSketch.Format.LOCAL.empty();
      DistinctSketch zeta = DistinctSketch.Format.ZETASKETCH.empty();
      for (int i = 0; i < n; i++) {
        local.add("user-" + i);
        zeta.add("user-" + i);
      }
      System.out.printf(Locale.ROOT, "    %7d | %9d | %6d%n", n, local.toBytes().length, zeta.toBytes().length);
    }
    System.out.println("  load after: " + load());
  }

  private void run(int[] dims, int events, Path out, boolean print) throws IOException {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(FlinkRunner.class);
    Pipeline p = Pipeline.create(options);
    int shards = 8;
    List<Integer> seeds = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      seeds.add(s);
    }
    PCollection<CrashEvent> generated = p.apply(Create.of(seeds).withCoder(VarIntCoder.of()))
        .apply(Reshuffle.viaRandomKey())
        .apply(ParDo.of(new GenerateFn(dims, events, shards)))
        .setCoder(SerializableCoder.of(CrashEvent.class));
    AggregateWindows minutes = new AggregateWindows(Duration.standardMinutes(1),
        Duration.standardDays(3), Duration.standardMinutes(1), Duration.ZERO);
    write(generated, "crash_counts", "Counts", CountCrashesPerWindow.of(minutes), out);
    PCollectionList.of(generated.apply("Hourly", CountCrashesPerWindow.rollup("HOUR",
                minutes.resized(Duration.standardHours(1), Duration.standardMinutes(10))))
            .apply("HourlyGlobal", AggregateWindows.rowsToGlobalWindow()))
        .and(generated.apply("Daily", CountCrashesPerWindow.rollup("DAY",
                minutes.resized(Duration.standardDays(1), Duration.standardMinutes(10))))
            .apply("DailyGlobal", AggregateWindows.rowsToGlobalWindow()))
        .apply("FlattenRollups", Flatten.pCollections())
        .setCoder(TableRowJsonCoder.of())
        .apply("WriteRollups", WriteLocalTable.to(out.toString(), "crash_rollups",
            FileWriteSettings.defaults()));
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    if (!print) {
      return;
    }
    StringBuilder tables = new StringBuilder();
    long totalRows = 0;
    for (String table : List.of("crash_counts", "crash_rollups")) {
      long[] rb = rowsAndBytes(out.resolve(table));
      totalRows += rb[0];
      tables.append(String.format(Locale.ROOT, " %s: %d, %.0f, %.0f |", table, rb[0], rb[1] / 1e3,
          rb[1] / (double) Math.max(1, rb[0])));
    }
    System.out.printf(Locale.ROOT, "  %2d x %d x %2d = %3d | %6d |%s %.1f | %.1f | %.0f%n",
        dims[0], dims[1], dims[2], dims[0] * dims[1] * dims[2], events, tables, seconds, cpu,
        totalRows / seconds);
  }

  private static void write(PCollection<CrashEvent> events, String table, String name,
      PTransform<PCollection<CrashEvent>, PCollection<TableRow>> aggregate, Path out) {
    events.apply(name, aggregate)
        .apply("Write" + name, WriteLocalTable.to(out.toString(), table, FileWriteSettings.defaults()));
  }

  private static long[] rowsAndBytes(Path table) throws IOException {
    long rows = 0;
    long bytes = 0;
    try (Stream<Path> files = Files.walk(table)) {
      for (Path f : files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        bytes += Files.size(f);
        rows += Files.readAllLines(f).stream().filter(l -> !l.isBlank()).count();
      }
    }
    return new long[] {rows, bytes};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Emits its share of {@code total} events spread over the day, cycling apps, versions,
   *  issues and users. */
  static final class GenerateFn extends DoFn<Integer, CrashEvent> {
    private final int[] dims;
    private final int total;
    private final int shards;

    GenerateFn(int[] dims, int total, int shards) {
      this.dims = dims;
      this.total = total;
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element Integer shard, OutputReceiver<CrashEvent> out) {
      List<Frame> frames = List.of(Frame.jvm("com.example.Game", "tick", "Game.java", 42, true));
      for (int i = shard; i < total; i += shards) {
        long millis = DAY.getMillis() + (long) i * 86_400_000L / total;
        String id = String.format(Locale.ROOT, "%04x%028x", i % USERS, i);
        CrashEvent e = Events.jvm(id, millis, "com.example.app" + i % dims[0],
            (i / dims[0]) % dims[1] + ".0", "java.lang.IllegalStateException", "boom", frames);
        String issue = "issue-" + (i / (dims[0] * dims[1])) % dims[2];
        out.outputWithTimestamp(e.withGrouping(new Grouping(issue, issue, "crashflow-2", "t", null,
            null, null, null, null)), new Instant(millis));
      }
    }
  }
}
