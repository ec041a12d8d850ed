package dev.crashflow.pipelines;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.transforms.Durations;
import dev.crashflow.transforms.FileWriteSettings;
import dev.crashflow.transforms.PublishIssueSignals;
import dev.crashflow.transforms.WriteBigQueryTable;
import dev.crashflow.transforms.WriteLocalTable;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where tables and the archive go, chosen by the options: the local warehouse or BigQuery. */
final class Sinks {
  private final CrashflowOptions o;
  private final IoOverrides io;

  Sinks(CrashflowOptions o, IoOverrides io) {
    this.o = o;
    this.io = io;
  }

  String archiveRoot() {
    return o.getArchive().isEmpty() ? join(o.getOutput(), "archive") : o.getArchive();
  }

  String warehouseRoot() {
    return join(o.getOutput(), "warehouse");
  }

  FileWriteSettings fileSettings() {
    return CrashPipeline.fileSettings(o);
  }

  /** Writes a table; returns the rows the sink rejected, as dead letters. */
  PCollection<DeadLetter> write(String table, PCollection<TableRow> rows) {
    String name = "Write_" + table;
    rows = rows.apply("Count_" + table, ParDo.of(new CountRowsFn(table))).setCoder(rows.getCoder());
    if (o.getOutputType() == CrashflowOptions.OutputType.bigquery) {
      // Failures of windowed tables (crash_counts) join the global-window dead letters.
      return rows.apply(name, bigQuery(table))
          .apply(name + "_FailuresToGlobalWindow", Window.<DeadLetter>into(new GlobalWindows())
              .triggering(DefaultTrigger.of()).withAllowedLateness(Duration.ZERO).discardingFiredPanes());
    }
    rows.apply(name, WriteLocalTable.to(warehouseRoot(), table, fileSettings()));
    return rows.getPipeline().apply(name + "_NoFailures",
        Create.empty(SerializableCoder.of(DeadLetter.class)));
  }

  /** Writes crash_events rows to their per-app tables (--perAppTables); returns rejected rows. */
  PCollection<DeadLetter> writePerApp(PCollection<TableRow> rows) {
    String name = "Write_per_app_tables";
    if (o.getOutputType() == CrashflowOptions.OutputType.bigquery) {
      return rows.apply(name, WriteBigQueryTable.perApp(o.getBigQueryDataset(),
              o.getBigQueryWriteMethod(), Durations.parse(o.getBigQueryTriggeringFrequency()),
              io.bigQueryServices()));
    }
    rows.apply(name, WriteLocalTable.perApp(warehouseRoot(), fileSettings()));
    return rows.getPipeline().apply(name + "_NoFailures",
        Create.empty(SerializableCoder.of(DeadLetter.class)));
  }

  /** Publishes issue_signals rows to --issueSignalsTopic when set (alerting subscribes there). */
  void publishSignals(PCollection<TableRow> signals) {
    if (o.getIssueSignalsTopic() != null && !o.getIssueSignalsTopic().isEmpty()) {
      signals.apply("PublishIssueSignals", PublishIssueSignals.to(o.getIssueSignalsTopic()));
    }
  }

  /**
   * The dead-letter sink. Rows that BigQuery rejects here cannot be dead-lettered again: they are
   * logged with their payload and counted ({@code dead_letters_rejected}) for an alert.
   */
  PTransform<PCollection<TableRow>, PDone> deadLetterSink() {
    return new PTransform<>() {
      @Override
      public PDone expand(PCollection<TableRow> input) {
        PCollection<TableRow> rows = input.apply("CountRows", ParDo.of(new CountRowsFn("dead_letters")))
            .setCoder(input.getCoder());
        if (o.getOutputType() == CrashflowOptions.OutputType.bigquery) {
          rows.apply("WriteRows", bigQuery("dead_letters"))
              .apply("LogRejected", ParDo.of(new LogRejectedFn()));
        } else {
          rows.apply("WriteRows", WriteLocalTable.to(warehouseRoot(), "dead_letters", fileSettings()));
        }
        return PDone.in(rows.getPipeline());
      }
    };
  }

  private WriteBigQueryTable bigQuery(String table) {
    return WriteBigQueryTable.to(o.getBigQueryDataset(), table, o.getBigQueryWriteMethod(),
        Durations.parse(o.getBigQueryTriggeringFrequency()), io.bigQueryServices());
  }

  static String join(String root, String child) {
    return root.endsWith("/") ? root + child : root + "/" + child;
  }

  /** Counts the rows handed to a table's sink ({@code rows_written_<table>}). */
  static class CountRowsFn extends DoFn<TableRow, TableRow> {
    private final Counter rows;

    CountRowsFn(String table) {
      this.rows = Metrics.counter("crashflow", "rows_written_" + table);
    }

    @ProcessElement
    public void process(@Element TableRow row, OutputReceiver<TableRow> out) {
      rows.inc();
      out.output(row);
    }
  }

  static class LogRejectedFn extends DoFn<DeadLetter, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(LogRejectedFn.class);
    private final Counter rejected = Metrics.counter("crashflow", "dead_letters_rejected");

    @ProcessElement
    public void process(@Element DeadLetter d) {
      rejected.inc();
      LOG.error("BigQuery rejected a dead-letter row ({}): {}", d.errorMessage(),
          new String(d.original().payload(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
