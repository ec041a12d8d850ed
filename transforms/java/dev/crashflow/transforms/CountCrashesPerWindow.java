package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.aggregates.CrashTally;
import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.rows.ErrorTypes;
import dev.crashflow.transforms.coders.Formats;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Counts crashes per fixed event-time window ({@link AggregateWindows}: early, on-time and
 * additive late panes) with sketches of the distinct users and installations.
 *
 * <p>Two shapes: {@code crash_counts} ({@link #of}) per app, platform, app version and build, OS
 * version, issue and error type, with the pane's distinct {@code users}/{@code installations}
 * beside the sketches; and {@code crash_rollups} ({@link #rollup}) per app, platform, version,
 * issue and error type, tagged with its {@code granularity} (HOUR, DAY), for dashboards.
 */
public class CountCrashesPerWindow extends PTransform<PCollection<CrashEvent>, PCollection<TableRow>> {
  private final AggregateWindows windows;
  private final String granularity;
  private final DistinctSketch.Format format;

  private CountCrashesPerWindow(AggregateWindows windows, String granularity, DistinctSketch.Format format) {
    this.windows = windows;
    this.granularity = granularity;
    this.format = format;
  }

  /** {@code crash_counts}, one late pane per late element, local sketches. */
  public static CountCrashesPerWindow of(Duration windowSize, Duration allowedLateness, Duration earlyFiringDelay) {
    return of(new AggregateWindows(windowSize, allowedLateness, earlyFiringDelay, Duration.ZERO));
  }

  /** {@code crash_counts} rows in {@code windows}. */
  public static CountCrashesPerWindow of(AggregateWindows windows) {
    return new CountCrashesPerWindow(windows, null, DistinctSketch.Format.LOCAL);
  }

  /** {@code crash_rollups} rows in {@code windows}, tagged {@code granularity} (HOUR, DAY). */
  public static CountCrashesPerWindow rollup(String granularity, AggregateWindows windows) {
    return new CountCrashesPerWindow(windows, granularity, DistinctSketch.Format.LOCAL);
  }

  /** The sketch format of the rows: ZETASKETCH for BigQuery, LOCAL for the local warehouse. */
  public CountCrashesPerWindow withSketches(DistinctSketch.Format sketches) {
    return new CountCrashesPerWindow(windows, granularity, sketches);
  }

  @Override
  public PCollection<TableRow> expand(PCollection<CrashEvent> events) {
    boolean rollup = granularity != null;
    return events
        .apply("WindowByEventTime", windows.<CrashEvent>window())
        .apply("KeyByDimensions", MapElements
            .into(TypeDescriptors.kvs(new TypeDescriptor<List<String>>() {}, TypeDescriptor.of(Who.class)))
            .via((CrashEvent e) -> KV.of(rollup ? rollupDimensions(e) : dimensions(e),
                new Who(e.user().id(), e.installationId()))))
        .setCoder(KvCoder.of(ListCoder.of(NullableCoder.of(StringUtf8Coder.of())), WhoCoder.INSTANCE))
        .apply("CountPerKey", Combine.perKey(new TallyFn<Who, CrashTally>(CrashTally.class,
            CrashTally::new, (t, who) -> t.add(who.user(), who.installation()), format)))
        .apply("ToCountRows", ParDo.of(new ToRowFn(granularity)))
        .setCoder(TableRowJsonCoder.of());
  }

  /** The dimensions of a count row, in {@link #DIMENSIONS} order. */
  static List<String> dimensions(CrashEvent e) {
    return Arrays.asList(e.appIdOrUnknown(), e.platform(), e.app().version(), e.app().build(),
        e.os().version(), issueId(e), ErrorTypes.of(e));
  }

  static final List<String> DIMENSIONS =
      List.of("app_id", "platform", "app_version", "app_build", "os_version", "issue_id", "error_type");

  /** The dimensions of a rollup row, in {@link #ROLLUP_DIMENSIONS} order. */
  static List<String> rollupDimensions(CrashEvent e) {
    return Arrays.asList(e.appIdOrUnknown(), e.platform(), e.app().version(), issueId(e), ErrorTypes.of(e));
  }

  static final List<String> ROLLUP_DIMENSIONS =
      List.of("app_id", "platform", "app_version", "issue_id", "error_type");

  private static String issueId(CrashEvent e) {
    return e.grouping() == null ? null : e.grouping().issueId();
  }

  /** Who an event happened to. */
  record Who(String user, String installation) implements Serializable {}

  /**
   * Codes {@link Who} as its two nullable strings after a format byte, instead of Java
   * serialization (one per event into the keyed combine, where the class descriptor outweighed
   * the ids). Deterministic: each string is written one way only.
   */
  static final class WhoCoder extends AtomicCoder<Who> {
    static final WhoCoder INSTANCE = new WhoCoder();
    private static final Coder<String> ID = NullableCoder.of(StringUtf8Coder.of());
    /** Written first, so a format change fails loudly instead of misreading. */
    private static final int FORMAT = 1;

    private WhoCoder() {}

    @Override
    public void encode(Who who, OutputStream out) throws IOException {
      out.write(FORMAT);
      ID.encode(who.user(), out);
      ID.encode(who.installation(), out);
    }

    @Override
    public Who decode(InputStream in) throws IOException {
      Formats.check(new DataInputStream(in), FORMAT, "who");
      return new Who(ID.decode(in), ID.decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    /** A record compares by value, so runners may compare decoded values instead of bytes. */
    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }

  static class ToRowFn extends DoFn<KV<List<String>, CrashTally>, TableRow> {
    private final String granularity;
    private final Counter rows;

    ToRowFn(String granularity) {
      this.granularity = granularity;
      this.rows = Metrics.counter("crashflow", granularity == null ? "count_rows"
          : "rollup_rows_" + granularity.toLowerCase(java.util.Locale.ROOT));
    }

    @ProcessElement
    public void process(@Element KV<List<String>, CrashTally> kv, BoundedWindow window, PaneInfo pane,
        OutputReceiver<TableRow> out) {
      TableRow row = AggregateWindows.paneRow(window, pane,
          granularity == null ? DIMENSIONS : ROLLUP_DIMENSIONS, kv.getKey());
      if (granularity != null) {
        row.set("granularity", granularity);
      }
      CrashTally c = kv.getValue();
      row.set("events", c.events());
      if (granularity == null) {
        row.set("users", c.users().cardinality());
        row.set("installations", c.installations().cardinality());
      }
      row.set("users_sketch", base64(c.users()));
      row.set("installations_sketch", base64(c.installations()));
      rows.inc();
      out.output(row);
    }
  }

  static String base64(DistinctSketch sketch) {
    return Base64.getEncoder().encodeToString(sketch.toBytes());
  }
}
