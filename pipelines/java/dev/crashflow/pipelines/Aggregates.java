package dev.crashflow.pipelines;

import static dev.crashflow.transforms.Durations.parse;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.SessionUpdate;
import dev.crashflow.transforms.AggregateWindows;
import dev.crashflow.transforms.CountCrashesPerWindow;
import dev.crashflow.transforms.MissingSymbols;
import dev.crashflow.transforms.ReleaseHealth;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;

/**
 * The aggregate tables: {@code crash_counts}, {@code crash_rollups} (hourly and daily),
 * {@code release_health} and {@code missing_symbols}, all windowed by {@link AggregateWindows}.
 * Sketch columns are zetasketch HLL++ for BigQuery and exact hash lists for the local warehouse.
 */
final class Aggregates {
  private Aggregates() {}

  /** Writes the aggregate tables; returns the rows their sinks rejected. */
  static PCollectionList<DeadLetter> write(Sinks sinks, CrashflowOptions o,
      PCollection<CrashEvent> grouped, PCollection<SessionUpdate> sessions) {
    DistinctSketch.Format sketches = o.getOutputType() == CrashflowOptions.OutputType.bigquery
        ? DistinctSketch.Format.ZETASKETCH : DistinctSketch.Format.LOCAL;
    AggregateWindows counts = new AggregateWindows(parse(o.getCountWindow()),
        parse(o.getAllowedLateness()), parse(o.getEarlyFiringDelay()), Duration.ZERO);
    Duration paced = parse(o.getRollupFiringDelay());
    AggregateWindows hourly = counts.resized(Duration.standardHours(1), paced);
    AggregateWindows daily = counts.resized(Duration.standardDays(1), paced);

    PCollection<TableRow> rollups = PCollectionList
        .of(globally(grouped.apply("RollupHourly",
            CountCrashesPerWindow.rollup("HOUR", hourly).withSketches(sketches)), "Hourly"))
        .and(globally(grouped.apply("RollupDaily",
            CountCrashesPerWindow.rollup("DAY", daily).withSketches(sketches)), "Daily"))
        .apply("FlattenRollups", Flatten.pCollections())
        .setCoder(TableRowJsonCoder.of());

    return PCollectionList
        .of(sinks.write("crash_counts", grouped.apply("CountCrashesPerWindow",
            CountCrashesPerWindow.of(counts).withSketches(sketches))))
        .and(sinks.write("crash_rollups", rollups))
        .and(sinks.write("release_health", sessions.apply("ReleaseHealth", ReleaseHealth.of(
            counts.resized(parse(o.getReleaseHealthWindow()), paced), sketches))))
        .and(sinks.write("missing_symbols", grouped.apply("MissingSymbols",
            MissingSymbols.of(hourly))));
  }

  private static PCollection<TableRow> globally(PCollection<TableRow> rows, String name) {
    return rows.apply("ToGlobalWindow" + name, AggregateWindows.rowsToGlobalWindow());
  }
}
