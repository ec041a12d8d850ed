package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.SymbolicationStatus;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code missing_symbols}: which symbol files events needed and the store lacked, per window
 * ({@link AggregateWindows}), app, platform, version, build and key, with how many events wait for
 * each: the upload to-do list. Keys come from {@code SymbolicateFrames} (an event's
 * {@code missing_debug_ids}): a ProGuard/R8 mapping uuid ({@code proguard}) or a Breakpad debug
 * id ({@code breakpad}). An event missing two keys counts once for each.
 */
public class MissingSymbols extends PTransform<PCollection<CrashEvent>, PCollection<TableRow>> {
  static final List<String> DIMENSIONS =
      List.of("app_id", "platform", "app_version", "app_build", "debug_id", "kind");

  private final AggregateWindows windows;

  private MissingSymbols(AggregateWindows windows) {
    this.windows = windows;
  }

  public static MissingSymbols of(AggregateWindows windows) {
    return new MissingSymbols(windows);
  }

  @Override
  public PCollection<TableRow> expand(PCollection<CrashEvent> events) {
    return events
        .apply("MissingKeys", ParDo.of(new MissingKeysFn()))
        .setCoder(KvCoder.of(ListCoder.of(NullableCoder.of(StringUtf8Coder.of())), VarLongCoder.of()))
        .apply("WindowByEventTime", windows.<KV<List<String>, Long>>window())
        .apply("CountPerKey", Sum.longsPerKey())
        .apply("ToMissingSymbolRows", ParDo.of(new ToRowFn()))
        .setCoder(TableRowJsonCoder.of());
  }

  /**
   * The kind of a missing key: {@code proguard} when one of the event's {@code proguard} debug
   * images names it (as SymbolicateFrames keys mappings: uuid, lower case), else {@code breakpad}.
   */
  static String kind(CrashEvent e, String key) {
    for (DebugImage i : e.images() == null ? List.<DebugImage>of() : e.images()) {
      String id = i.uuid() != null ? i.uuid() : i.debugId();
      if ("proguard".equalsIgnoreCase(i.type()) && id != null
          && id.trim().equalsIgnoreCase(key)) {
        return "proguard";
      }
    }
    return "breakpad";
  }

  static class MissingKeysFn extends DoFn<CrashEvent, KV<List<String>, Long>> {
    private final Counter waiting = Metrics.counter("crashflow", "missing_symbols_keys");

    @ProcessElement
    public void process(@Element CrashEvent e, OutputReceiver<KV<List<String>, Long>> out) {
      SymbolicationStatus status = e.symbolicationStatus();
      if (e.missingDebugIds() == null || status == SymbolicationStatus.SYMBOLICATED
          || status == SymbolicationStatus.NOT_NEEDED) {
        return;
      }
      for (String key : e.missingDebugIds()) {
        waiting.inc();
        out.output(KV.of(Arrays.asList(e.appIdOrUnknown(), e.platform(), e.app().version(),
            e.app().build(), key, kind(e, key)), 1L));
      }
    }
  }

  static class ToRowFn extends DoFn<KV<List<String>, Long>, TableRow> {
    private final Counter rows = Metrics.counter("crashflow", "missing_symbols_rows");

    @ProcessElement
    public void process(@Element KV<List<String>, Long> kv, BoundedWindow window, PaneInfo pane,
        OutputReceiver<TableRow> out) {
      TableRow row = AggregateWindows.paneRow(window, pane, DIMENSIONS, kv.getKey());
      row.set("events", kv.getValue());
      rows.inc();
      out.output(row);
    }
  }
}
