package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.aggregates.SessionTally;
import dev.crashflow.model.SessionUpdate;
import dev.crashflow.transforms.coders.SessionUpdateCoder;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * {@code release_health}: per event-time window of session start ({@link AggregateWindows}) and
 * app, platform, version and environment, the sessions started, those that ended crashed,
 * abnormal or errored, and sketches of their users ({@link SessionTally} says what counts).
 *
 * <p>A session's updates arrive over its lifetime; each counting update is moved back to the
 * session's start time ({@code started}) so the session lands in one window. That is at most
 * {@code allowedLateness} back (the timestamp skew allowed here); an update whose session started
 * earlier stays at its own time ({@code release_health_start_too_old} counts them).
 */
public class ReleaseHealth extends PTransform<PCollection<SessionUpdate>, PCollection<TableRow>> {
  static final List<String> DIMENSIONS = List.of("app_id", "platform", "app_version", "environment");

  private final AggregateWindows windows;
  private final DistinctSketch.Format format;

  private ReleaseHealth(AggregateWindows windows, DistinctSketch.Format format) {
    this.windows = windows;
    this.format = format;
  }

  public static ReleaseHealth of(AggregateWindows windows, DistinctSketch.Format format) {
    return new ReleaseHealth(windows, format);
  }

  @Override
  public PCollection<TableRow> expand(PCollection<SessionUpdate> updates) {
    return updates
        .apply("AtSessionStart", ParDo.of(new AtSessionStartFn(windows.allowedLateness())))
        .setCoder(KvCoder.of(ListCoder.of(NullableCoder.of(StringUtf8Coder.of())),
            SessionUpdateCoder.of()))
        .apply("WindowBySessionStart", windows.<KV<List<String>, SessionUpdate>>window())
        .apply("TallyPerKey", Combine.perKey(new TallyFn<SessionUpdate, SessionTally>(
            SessionTally.class, SessionTally::new, SessionTally::add, format)))
        .apply("ToReleaseHealthRows", ParDo.of(new ToRowFn()))
        .setCoder(TableRowJsonCoder.of());
  }

  /** Keeps the updates that count, keyed by dimensions, at their session's start time. */
  static class AtSessionStartFn extends DoFn<SessionUpdate, KV<List<String>, SessionUpdate>> {
    private final Duration maxSkew;
    private final Counter counted = Metrics.counter("crashflow", "release_health_updates");
    private final Counter ignored = Metrics.counter("crashflow", "release_health_updates_ignored");
    private final Counter tooOld = Metrics.counter("crashflow", "release_health_start_too_old");

    AtSessionStartFn(Duration maxSkew) {
      this.maxSkew = maxSkew;
    }

    @ProcessElement
    public void process(@Element SessionUpdate u, @Timestamp Instant timestamp,
        OutputReceiver<KV<List<String>, SessionUpdate>> out) {
      if (!SessionTally.counts(u)) {
        ignored.inc();
        return;
      }
      counted.inc();
      Instant at = timestamp;
      if (u.startedMillis() > 0 && u.startedMillis() < timestamp.getMillis()) {
        if (timestamp.getMillis() - u.startedMillis() <= maxSkew.getMillis()) {
          at = new Instant(u.startedMillis());
        } else {
          tooOld.inc();
        }
      }
      List<String> key = Arrays.asList(u.app().appId() == null ? "_unknown" : u.app().appId(),
          u.platform(), u.app().version(), u.environment());
      out.outputWithTimestamp(KV.of(key, u.withoutRaw()), at);
    }

    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return maxSkew;
    }
  }

  static class ToRowFn extends DoFn<KV<List<String>, SessionTally>, TableRow> {
    private final Counter rows = Metrics.counter("crashflow", "release_health_rows");

    @ProcessElement
    public void process(@Element KV<List<String>, SessionTally> kv, BoundedWindow window,
        PaneInfo pane, OutputReceiver<TableRow> out) {
      TableRow row = AggregateWindows.paneRow(window, pane, DIMENSIONS, kv.getKey());
      SessionTally t = kv.getValue();
      row.set("sessions", t.sessions());
      row.set("crashed_sessions", t.crashed());
      row.set("abnormal_sessions", t.abnormal());
      row.set("errored_sessions", t.errored());
      row.set("users_sketch", CountCrashesPerWindow.base64(t.users()));
      row.set("crashed_users_sketch", CountCrashesPerWindow.base64(t.crashedUsers()));
      rows.inc();
      out.output(row);
    }
  }
}
