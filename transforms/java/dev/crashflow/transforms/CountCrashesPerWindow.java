package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.rows.ErrorTypes;
import dev.crashflow.rows.TableRows;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Counts crashes per fixed event-time window and per app, platform, app version and build, OS
 * version, issue and error type, with distinct users and installations.
 *
 * <p>Windows fire early (speculative panes every {@code earlyFiringDelay} of processing time),
 * on time when the watermark passes their end, and once more for every late element up to
 * {@code allowedLateness}. Panes are discarding, so they are additive: {@code SUM(events)} over
 * all panes of a window is the window's total. Data later than the allowed lateness is dropped
 * from these counts (it is still in {@code crash_events}).
 */
public class CountCrashesPerWindow extends PTransform<PCollection<CrashEvent>, PCollection<TableRow>> {
  private final Duration windowSize;
  private final Duration allowedLateness;
  private final Duration earlyFiringDelay;

  private CountCrashesPerWindow(Duration windowSize, Duration allowedLateness, Duration earlyFiringDelay) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
    this.earlyFiringDelay = earlyFiringDelay;
  }

  public static CountCrashesPerWindow of(Duration windowSize, Duration allowedLateness, Duration earlyFiringDelay) {
    return new CountCrashesPerWindow(windowSize, allowedLateness, earlyFiringDelay);
  }

  @Override
  public PCollection<TableRow> expand(PCollection<CrashEvent> events) {
    return events
        .apply("WindowByEventTime", Window.<CrashEvent>into(FixedWindows.of(windowSize))
            .triggering(AfterWatermark.pastEndOfWindow()
                .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiringDelay))
                .withLateFirings(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(allowedLateness)
            .discardingFiredPanes())
        .apply("KeyByDimensions", MapElements
            .into(TypeDescriptors.kvs(new TypeDescriptor<List<String>>() {}, TypeDescriptor.of(Who.class)))
            .via((CrashEvent e) -> KV.of(dimensions(e), new Who(e.user().id(), e.installationId()))))
        .setCoder(KvCoder.of(ListCoder.of(NullableCoder.of(StringUtf8Coder.of())), SerializableCoder.of(Who.class)))
        .apply("CountPerKey", Combine.perKey(new CountFn()))
        .apply("ToCountRows", ParDo.of(new ToRowFn()))
        .setCoder(TableRowJsonCoder.of());
  }

  /** The dimensions of a count row, in {@link #DIMENSIONS} order. */
  static List<String> dimensions(CrashEvent e) {
    return Arrays.asList(e.appIdOrUnknown(), e.platform(), e.app().version(), e.app().build(),
        e.os().version(), e.grouping() == null ? null : e.grouping().issueId(), ErrorTypes.of(e));
  }

  static final List<String> DIMENSIONS =
      List.of("app_id", "platform", "app_version", "app_build", "os_version", "issue_id", "error_type");

  /** Who an event happened to. */
  record Who(String user, String installation) implements Serializable {}

  /** Event count plus the distinct users and installations of a pane. */
  static class Counts implements Serializable {
    long events;
    final Set<String> users = new HashSet<>();
    final Set<String> installations = new HashSet<>();

    // Value equality: runners compare accumulators by value (DirectRunner's mutation checks).
    @Override
    public boolean equals(Object o) {
      return o instanceof Counts c && events == c.events && users.equals(c.users)
          && installations.equals(c.installations);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(events, users, installations);
    }
  }

  static class CountFn extends Combine.CombineFn<Who, Counts, Counts> {
    @Override
    public Counts createAccumulator() {
      return new Counts();
    }

    @Override
    public Counts addInput(Counts acc, Who who) {
      acc.events++;
      if (who.user() != null) {
        acc.users.add(who.user());
      }
      if (who.installation() != null) {
        acc.installations.add(who.installation());
      }
      return acc;
    }

    @Override
    public Counts mergeAccumulators(Iterable<Counts> accs) {
      Counts merged = new Counts();
      for (Counts c : accs) {
        merged.events += c.events;
        merged.users.addAll(c.users);
        merged.installations.addAll(c.installations);
      }
      return merged;
    }

    @Override
    public Counts extractOutput(Counts acc) {
      return acc;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<Counts> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<Who> inputCoder) {
      return SerializableCoder.of(Counts.class);
    }
  }

  static class ToRowFn extends DoFn<KV<List<String>, Counts>, TableRow> {
    private final Counter rows = Metrics.counter("crashflow", "count_rows");

    @ProcessElement
    public void process(@Element KV<List<String>, Counts> kv, BoundedWindow window, PaneInfo pane,
        OutputReceiver<TableRow> out) {
      IntervalWindow w = (IntervalWindow) window;
      TableRow row = new TableRow();
      row.set("window_start", TableRows.timestamp(w.start().getMillis()));
      row.set("window_end", TableRows.timestamp(w.end().getMillis()));
      row.set("pane_timing", pane.getTiming().name());
      row.set("pane_index", pane.getIndex());
      row.set("emitted_timestamp", TableRows.timestamp(System.currentTimeMillis()));
      for (int i = 0; i < DIMENSIONS.size(); i++) {
        if (kv.getKey().get(i) != null) {
          row.set(DIMENSIONS.get(i), kv.getKey().get(i));
        }
      }
      Counts c = kv.getValue();
      row.set("events", c.events);
      row.set("users", (long) c.users.size());
      row.set("installations", (long) c.installations.size());
      rows.inc();
      out.output(row);
    }
  }
}
