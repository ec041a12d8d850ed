package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TimePartitioning;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import dev.crashflow.warehouse.AppTables;
import dev.crashflow.warehouse.TableSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.InsertRetryPolicy;
import org.apache.beam.sdk.io.gcp.bigquery.TableDestination;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.ValueInSingleWindow;
import org.joda.time.Duration;

/**
 * Writes rows to a BigQuery table whose schema, partitioning and clustering come from {@code
 * schemas/}. The write method is an explicit choice; rows BigQuery rejects become dead letters
 * (step {@code bigquery:<table>}, the row JSON as payload) instead of failing the job.
 *
 * <p>Delivery: {@code STORAGE_WRITE_API} is exactly-once; {@code STORAGE_API_AT_LEAST_ONCE} and
 * {@code STREAMING_INSERTS} are at-least-once (deduplicate on {@code event_id} when reading);
 * {@code FILE_LOADS} is exactly-once per load job (batch).
 */
public class WriteBigQueryTable extends PTransform<PCollection<TableRow>, PCollection<DeadLetter>> {
  private final String tableSpec;
  private final String table;
  private final BigQueryIO.Write.Method method;
  private final Duration triggeringFrequency;
  private final BigQueryServices testServices;

  /** @param tableSpec the table, or the dataset when {@code table} is {@link #PER_APP} */
  private WriteBigQueryTable(String tableSpec, String table, BigQueryIO.Write.Method method,
      Duration triggeringFrequency, BigQueryServices testServices) {
    this.tableSpec = tableSpec;
    this.table = table;
    this.method = method;
    this.triggeringFrequency = triggeringFrequency;
    this.testServices = testServices;
  }

  /**
   * @param dataset {@code project:dataset} or {@code project.dataset}
   * @param testServices Beam's fake BigQuery services in tests, else null
   */
  public static WriteBigQueryTable to(String dataset, String table, BigQueryIO.Write.Method method,
      Duration triggeringFrequency, BigQueryServices testServices) {
    return new WriteBigQueryTable(dataset + "." + table, table, method, triggeringFrequency, testServices);
  }

  /**
   * {@code crash_events} rows into their per-app tables ({@link AppTables}), created on first use
   * with the crash_events schema, partitioning and clustering. Rejected rows become dead letters
   * of step {@code bigquery:per_app}.
   */
  public static WriteBigQueryTable perApp(String dataset, BigQueryIO.Write.Method method,
      Duration triggeringFrequency, BigQueryServices testServices) {
    return new WriteBigQueryTable(dataset, PER_APP, method, triggeringFrequency, testServices);
  }

  static final String PER_APP = "per_app";

  @Override
  public PCollection<DeadLetter> expand(PCollection<TableRow> rows) {
    boolean perApp = PER_APP.equals(table);
    TableSpec spec = TableSpec.of(perApp ? "crash_events" : table);
    TimePartitioning partitioning = new TimePartitioning().setType("DAY").setField(spec.partitionField());
    Clustering clustering = new Clustering().setFields(spec.clustering());
    BigQueryIO.Write<TableRow> write = perApp
        ? BigQueryIO.writeTableRows().to(new AppTableDestination(tableSpec, partitioning, clustering))
        : BigQueryIO.writeTableRows().to(tableSpec)
            .withTimePartitioning(partitioning).withClustering(clustering);
    write = write
        .withSchema(spec.schema())
        .withCreateDisposition(BigQueryIO.Write.CreateDisposition.CREATE_IF_NEEDED)
        .withWriteDisposition(BigQueryIO.Write.WriteDisposition.WRITE_APPEND)
        .withMethod(method);
    boolean unbounded = rows.isBounded() == PCollection.IsBounded.UNBOUNDED;
    if (method == BigQueryIO.Write.Method.STREAMING_INSERTS) {
      write = write.withExtendedErrorInfo().withFailedInsertRetryPolicy(InsertRetryPolicy.retryTransientErrors());
    }
    if (unbounded && (method == BigQueryIO.Write.Method.STORAGE_WRITE_API
        || method == BigQueryIO.Write.Method.FILE_LOADS)) {
      write = write.withTriggeringFrequency(triggeringFrequency);
      if (method == BigQueryIO.Write.Method.FILE_LOADS) {
        write = write.withNumFileShards(10);
      }
    }
    if (testServices != null) {
      write = write.withTestServices(testServices);
    }
    WriteResult result = rows.apply("WriteRows", write);
    PCollection<DeadLetter> failed;
    if (method == BigQueryIO.Write.Method.STREAMING_INSERTS) {
      failed = result.getFailedInsertsWithErr()
          .apply("InsertErrorsToDeadLetters", ParDo.of(new ErrorToDeadLetterFn<BigQueryInsertError>(
              table, BigQueryInsertError::getRow, e -> String.valueOf(e.getError()))));
    } else if (method == BigQueryIO.Write.Method.FILE_LOADS) {
      return rows.getPipeline().apply("NoRowLevelFailures",
          org.apache.beam.sdk.transforms.Create.empty(SerializableCoder.of(DeadLetter.class)));
    } else {
      failed = PCollectionList.of(result.getFailedStorageApiInserts()
          .apply("StorageErrorsToDeadLetters", ParDo.of(new ErrorToDeadLetterFn<BigQueryStorageApiInsertError>(
              table, BigQueryStorageApiInsertError::getRow, BigQueryStorageApiInsertError::getErrorMessage))))
          .apply("FlattenFailures", Flatten.pCollections());
    }
    return failed.setCoder(SerializableCoder.of(DeadLetter.class));
  }

  /** The per-app table of a row: {@code <dataset>.<app>_<PLATFORM>}. */
  static final class AppTableDestination
      implements SerializableFunction<ValueInSingleWindow<TableRow>, TableDestination> {
    private final String dataset;
    private final String partitioning;
    private final String clustering;

    AppTableDestination(String dataset, TimePartitioning partitioning, Clustering clustering) {
      this.dataset = dataset;
      // The BigQuery model classes are not serialisable: kept as strings, rebuilt per call.
      this.partitioning = partitioning.getField();
      this.clustering = String.join(",", clustering.getFields());
    }

    @Override
    public TableDestination apply(ValueInSingleWindow<TableRow> row) {
      TableRow r = row.getValue();
      String name = AppTables.name((String) r.get("app_id"), (String) r.get("platform"));
      return new TableDestination(dataset + "." + name, "crash_events of one app and platform",
          new TimePartitioning().setType("DAY").setField(partitioning),
          new Clustering().setFields(java.util.List.of(clustering.split(","))));
    }
  }

  static DeadLetter deadLetter(String table, TableRow row, String message) {
    RawMessage original = new RawMessage(String.valueOf(row).getBytes(StandardCharsets.UTF_8),
        Map.of("crashflow_table", table), null, null);
    Object eventId = row == null ? null : row.get("event_id");
    return DeadLetter.of(original, "bigquery:" + table, "bigquery_rejected_row",
        new IllegalArgumentException(message), eventId == null ? null : eventId.toString());
  }

  /** Turns one kind of BigQuery insert error into a dead letter, counting it per table. */
  static class ErrorToDeadLetterFn<E> extends DoFn<E, DeadLetter> {
    private final String table;
    private final SerializableFunction<E, TableRow> row;
    private final SerializableFunction<E, String> message;
    private final Counter failed;

    ErrorToDeadLetterFn(String table, SerializableFunction<E, TableRow> row,
        SerializableFunction<E, String> message) {
      this.table = table;
      this.row = row;
      this.message = message;
      this.failed = Metrics.counter("crashflow", "bigquery_failed_rows_" + table);
    }

    @ProcessElement
    public void process(@Element E error, OutputReceiver<DeadLetter> out) {
      failed.inc();
      out.output(deadLetter(table, row.apply(error), message.apply(error)));
    }
  }
}
