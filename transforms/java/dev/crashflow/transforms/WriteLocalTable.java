package dev.crashflow.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.warehouse.AppTables;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes table rows to the local embedded warehouse: newline-delimited JSON files under {@code
 * <warehouse>/<table>/}, one file per shard and pane, so any number of workers write at once with
 * no lock. Bounded writes go through {@link JsonRowSink} (rows straight to UTF-8 bytes); streaming
 * writes go through {@link WriteStableFiles}, safe under a runner's replay. {@code crashflow sql}
 * reads them through DuckDB views typed by {@code schemas/}.
 */
public class WriteLocalTable extends PTransform<PCollection<TableRow>, PDone> {
  private final String warehouse;
  private final String table;
  private final FileWriteSettings settings;

  private WriteLocalTable(String warehouse, String table, FileWriteSettings settings) {
    this.warehouse = warehouse;
    this.table = table;
    this.settings = settings;
  }

  public static WriteLocalTable to(String warehouse, String table, FileWriteSettings settings) {
    return new WriteLocalTable(warehouse, table, settings);
  }

  /** {@code crash_events} rows into their per-app tables ({@link AppTables}). */
  public static WriteLocalTable perApp(String warehouse, FileWriteSettings settings) {
    return new WriteLocalTable(warehouse, null, settings);
  }

  @Override
  public PDone expand(PCollection<TableRow> rows) {
    if (table == null) {
      return writePerApp(rows);
    }
    String dir = warehouse.endsWith("/") ? warehouse + table : warehouse + "/" + table;
    if (rows.isBounded() == PCollection.IsBounded.BOUNDED) {
      settings.applyTo(rows, FileIO.<TableRow>write()
          .via(new JsonRowSink())
          .to(dir)
          .withNaming(FileIO.Write.defaultNaming(table, ".json")), "WriteJsonFiles");
    } else {
      rows.apply("ToJsonLines", ParDo.of(new ToJsonFn()))
          .setCoder(StringUtf8Coder.of())
          .apply("InTableFolder", WithKeys.of(""))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
          .apply("WriteJsonFiles", WriteStableFiles.to(dir, table, ".json", false, settings));
    }
    return PDone.in(rows.getPipeline());
  }

  private PDone writePerApp(PCollection<TableRow> rows) {
    if (rows.isBounded() == PCollection.IsBounded.BOUNDED) {
      settings.applyTo(rows, FileIO.<String, TableRow>writeDynamic()
          .by(WriteLocalTable::appTable)
          .withDestinationCoder(StringUtf8Coder.of())
          .via(new JsonRowSink())
          .to(warehouse)
          .withNaming(t -> FileIO.Write.defaultNaming(t + "/" + t, ".json")), "WriteJsonFiles");
    } else {
      rows.apply("ToAppTableLines", ParDo.of(new ToAppTableLineFn()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
          .apply("WriteJsonFiles", WriteStableFiles.to(warehouse, "crash_events", ".json", false, settings));
    }
    return PDone.in(rows.getPipeline());
  }

  /** The per-app table ({@link AppTables}) of a crash_events row. */
  static String appTable(TableRow row) {
    return AppTables.name((String) row.get("app_id"), (String) row.get("platform"));
  }

  /** A crash_events row as a JSON line keyed by its per-app table, for streaming writes. */
  static class ToAppTableLineFn extends DoFn<TableRow, KV<String, String>> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ProcessElement
    public void process(@Element TableRow row, OutputReceiver<KV<String, String>> out)
        throws JsonProcessingException {
      out.output(KV.of(appTable(row), JSON.writeValueAsString(row)));
    }
  }

  /** A row as a JSON line, for streaming writes ({@link WriteStableFiles} takes lines). */
  static class ToJsonFn extends DoFn<TableRow, String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    @ProcessElement
    public void process(@Element TableRow row, OutputReceiver<String> out) throws JsonProcessingException {
      out.output(JSON.writeValueAsString(row));
    }
  }
}
