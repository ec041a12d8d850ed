package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.issues.AppVersion;
import dev.crashflow.issues.IssueEvent;
import dev.crashflow.issues.IssueTracker;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Issue tracking on DirectRunner: the streaming path (TestStream: out-of-order arrival, late
 * data, state TTL) and the batch path, which must agree.
 */
public class TrackIssuesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Duration WINDOW = Duration.standardMinutes(5);
  private static final Duration LATENESS = Duration.standardHours(1);
  private static final long HOUR = 3_600_000L;
  private static final String APP = "com.example.game";
  private static final String ISSUE = "issue-7";

  private static int seq;

  private static TimestampedValue<IssueEvent> at(Duration offset, String version) {
    Instant t = T0.plus(offset);
    IssueEvent e = new IssueEvent(String.format("%032x", ++seq), t.getMillis(), APP, ISSUE,
        "NullPointerException: level", "crashflow-1", AppVersion.parse(version));
    return TimestampedValue.of(e, t);
  }

  private static List<TimestampedValue<IssueEvent>> many(int n, Duration offset, String version) {
    List<TimestampedValue<IssueEvent>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(at(offset.plus(Duration.millis(i)), version));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static TestStream.Builder<IssueEvent> add(TestStream.Builder<IssueEvent> b,
      List<TimestampedValue<IssueEvent>> events) {
    return b.addElements(events.get(0), events.subList(1, events.size()).toArray(new TimestampedValue[0]));
  }

  private static TrackIssues track(long ttlMillis) {
    return TrackIssues.of(WINDOW, LATENESS, new IssueTracker.Settings(ttlMillis, 5.0, 20, HOUR));
  }

  private static PCollection<String> signals(PCollectionTuple out, String label) {
    return out.get(TrackIssues.SIGNALS).apply(label + "Signals", MapElements.into(TypeDescriptors.strings())
        .via((TableRow r) -> r.get("signal_type") + "@" + r.get("app_version") + " x" + r.get("event_count")
            + " " + r.get("window_start")));
  }

  private static PCollection<String> issues(PCollectionTuple out, String label) {
    return out.get(TrackIssues.ISSUES).apply(label + "Issues", MapElements.into(TypeDescriptors.strings())
        .via((TableRow r) -> r.get("window_start") + " total=" + r.get("events_total") + " "
            + r.get("status") + (Boolean.TRUE.equals(r.get("late")) ? " late" : "")
            + " rev=" + r.get("revision") + " last=" + r.get("last_version")));
  }

  private static String ts(Duration offset) {
    return T0.plus(offset).toString().replace(".000Z", "Z");
  }

  private File resolutions(String version, String resolvedAt) throws Exception {
    File f = tmp.newFile("resolutions.jsonl");
    Files.writeString(f.toPath(), "not a resolution\n{\"app_id\":\"" + APP + "\",\"issue_id\":\"" + ISSUE
        + "\",\"resolved_in_version\":\"" + version + "\",\"resolved_at\":\"" + resolvedAt + "\"}\n",
        StandardCharsets.UTF_8);
    return f;
  }

  private static long counter(PipelineResult r, String name) {
    long n = 0;
    for (MetricResult<Long> c : r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("crashflow", name)).build()).getCounters()) {
      n += c.getAttempted();
    }
    return n;
  }

  /** Windows 2 and 1 arrive before window 0: signals still follow event time. */
  @Test
  public void newIssueNewInReleaseRegressionAndSpikeInEventTimeOrder() throws Exception {
    File res = resolutions("1.0", "2026-11-19T23:00:00Z");
    List<TimestampedValue<IssueEvent>> window2 = many(24, Duration.standardMinutes(12), "1.1");
    window2.add(at(Duration.standardMinutes(11), "1.1"));
    TestStream<IssueEvent> s = add(TestStream.create(SerializableCoder.of(IssueEvent.class))
        .advanceWatermarkTo(T0), window2)
        .addElements(at(Duration.standardMinutes(6), "1.1"), at(Duration.standardMinutes(7), "1.1"))
        .addElements(at(Duration.standardMinutes(1), "1.0"), at(Duration.standardMinutes(2), "1.0"))
        .advanceWatermarkToInfinity();
    PCollectionTuple out = p.apply(s).apply(track(90 * 24 * HOUR)
        .withResolutions(res.getPath(), Duration.standardMinutes(5)).onIssueEvents());
    PAssert.that(signals(out, "s")).containsInAnyOrder(
        "NEW_ISSUE@1.0 x2 " + ts(Duration.ZERO),
        "NEW_IN_RELEASE@1.1 x2 " + ts(WINDOW),
        "REGRESSED@1.1 x2 " + ts(WINDOW),
        "SPIKING@1.1 x25 " + ts(WINDOW.multipliedBy(2)));
    PAssert.that(issues(out, "s")).containsInAnyOrder(
        ts(Duration.ZERO) + " total=2 RESOLVED rev=1 last=1.0",
        ts(WINDOW) + " total=4 REGRESSED rev=2 last=1.1",
        ts(WINDOW.multipliedBy(2)) + " total=29 REGRESSED rev=3 last=1.1");
    PipelineResult r = p.run();
    r.waitUntilFinish();
    Assert.assertEquals(1, counter(r, "issues_new"));
    Assert.assertEquals(1, counter(r, "issue_signals_regressed"));
    Assert.assertEquals(1, counter(r, "issue_signals_spiking"));
    Assert.assertTrue(counter(r, "issue_resolutions_bad_lines") >= 1);
  }

  /**
   * Late data within the allowed lateness updates the issue, and can still make its (recent)
   * window a spike with the window's total; data later than the lateness is dropped.
   */
  @Test
  public void lateDataIsFoldedAsAnOutOfOrderUpdate() {
    TestStream<IssueEvent> s = add(TestStream.create(SerializableCoder.of(IssueEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardMinutes(1), "1.0"), at(Duration.standardMinutes(7), "1.0"))
        .advanceWatermarkTo(T0.plus(Duration.standardMinutes(20))),
            many(30, Duration.standardMinutes(2), "1.1")) // late for window 0, within the lateness
        .advanceWatermarkTo(T0.plus(Duration.standardHours(3)))
        .addElements(at(Duration.standardMinutes(3), "2.0")) // beyond the allowed lateness: dropped
        .advanceWatermarkToInfinity();
    PCollectionTuple out = p.apply(s).apply(track(90 * 24 * HOUR).onIssueEvents());
    PAssert.that(signals(out, "l")).containsInAnyOrder(
        "NEW_ISSUE@1.0 x1 " + ts(Duration.ZERO),
        "NEW_IN_RELEASE@1.1 x30 " + ts(Duration.ZERO),
        "SPIKING@1.1 x31 " + ts(Duration.ZERO));
    PAssert.that(issues(out, "l")).containsInAnyOrder(
        ts(Duration.ZERO) + " total=1 OPEN rev=1 last=1.0",
        ts(WINDOW) + " total=2 OPEN rev=2 last=1.0",
        ts(Duration.ZERO) + " total=32 OPEN late rev=3 last=1.1");
    p.run().waitUntilFinish();
  }

  /** State is cleared a TTL after the last event; the issue then starts over as a new issue. */
  @Test
  public void stateIsClearedAfterTheTtlAndTheIssueStartsOver() {
    TestStream<IssueEvent> s = TestStream.create(SerializableCoder.of(IssueEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardMinutes(1), "1.0"))
        .advanceWatermarkTo(T0.plus(Duration.standardHours(5)))
        .addElements(at(Duration.standardHours(5).plus(Duration.standardMinutes(1)), "1.0"))
        .advanceWatermarkToInfinity();
    PCollectionTuple out = p.apply(s).apply(track(2 * HOUR).onIssueEvents());
    PAssert.that(signals(out, "t")).containsInAnyOrder(
        "NEW_ISSUE@1.0 x1 " + ts(Duration.ZERO),
        "NEW_ISSUE@1.0 x1 " + ts(Duration.standardHours(5)));
    PipelineResult r = p.run();
    r.waitUntilFinish();
    // Once by the timer two hours after the first event, once more when the stream ends.
    Assert.assertEquals(2, counter(r, "issue_state_cleared"));
    Assert.assertEquals(2, counter(r, "issues_new"));
  }

  /**
   * A stalled watermark does not hold signals back: a window open one window length (processing
   * time) fires early and is folded after waiting another; the earlier window that completes later
   * folds as an out-of-order update.
   */
  @Test
  public void aStalledWatermarkStillFoldsWindowsAfterAWhile() {
    TestStream<IssueEvent> s = TestStream.create(SerializableCoder.of(IssueEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardMinutes(6), "1.1"))
        .advanceProcessingTime(WINDOW.plus(Duration.standardSeconds(1)))
        .advanceProcessingTime(WINDOW.plus(Duration.standardSeconds(1)))
        .addElements(at(Duration.standardMinutes(1), "1.0"))
        .advanceWatermarkToInfinity();
    PCollectionTuple out = p.apply(s).apply(track(90 * 24 * HOUR).onIssueEvents());
    // In event-time order this would be NEW_ISSUE@1.0 and NEW_IN_RELEASE@1.1.
    PAssert.that(signals(out, "w")).containsInAnyOrder("NEW_ISSUE@1.1 x1 " + ts(WINDOW));
    PAssert.that(issues(out, "w")).containsInAnyOrder(
        ts(WINDOW) + " total=1 OPEN rev=1 last=1.1",
        ts(Duration.ZERO) + " total=2 OPEN rev=2 last=1.1");
    PipelineResult r = p.run();
    r.waitUntilFinish();
    Assert.assertEquals(1, counter(r, "issue_folds_stalled"));
    Assert.assertEquals(1, counter(r, "issue_panes_early"));
  }

  /** The bounded path (files, replays) and the streaming path give the same signals and rows. */
  @Test
  public void batchAndStreamingAgree() {
    List<TimestampedValue<IssueEvent>> events = new ArrayList<>();
    events.addAll(many(3, Duration.standardMinutes(1), "2.0"));
    events.addAll(many(2, Duration.standardMinutes(31), "2.1"));
    events.addAll(many(40, Duration.standardMinutes(46), "2.1"));
    events.add(at(Duration.standardHours(4), "2.2"));
    events.add(at(Duration.standardHours(4).plus(Duration.millis(1)), "1.9"));
    TestStream.Builder<IssueEvent> b = TestStream.create(SerializableCoder.of(IssueEvent.class))
        .advanceWatermarkTo(T0);
    for (int i = events.size() - 1; i >= 0; i--) { // newest first
      b = b.addElements(events.get(i));
    }
    PCollectionTuple streaming = p.apply("Stream", b.advanceWatermarkToInfinity())
        .apply("TrackStream", track(3 * HOUR).onIssueEvents());
    PCollection<IssueEvent> bounded = p.apply("Bounded", Create.timestamped(events)
        .withCoder(SerializableCoder.of(IssueEvent.class)));
    Assert.assertEquals(PCollection.IsBounded.BOUNDED, bounded.isBounded());
    PCollectionTuple batch = bounded.apply("TrackBatch", track(3 * HOUR).onIssueEvents());
    String[] expectedSignals = {
        "NEW_ISSUE@2.0 x3 " + ts(Duration.ZERO),
        "NEW_IN_RELEASE@2.1 x2 " + ts(Duration.standardMinutes(30)),
        "SPIKING@2.1 x40 " + ts(Duration.standardMinutes(45)),
        "NEW_ISSUE@2.2 x2 " + ts(Duration.standardHours(4))};
    PAssert.that(signals(streaming, "stream")).containsInAnyOrder(expectedSignals);
    PAssert.that(signals(batch, "batch")).containsInAnyOrder(expectedSignals);
    String[] expectedIssues = {
        ts(Duration.ZERO) + " total=3 OPEN rev=1 last=2.0",
        ts(Duration.standardMinutes(30)) + " total=5 OPEN rev=2 last=2.1",
        ts(Duration.standardMinutes(45)) + " total=45 OPEN rev=3 last=2.1",
        ts(Duration.standardHours(4)) + " total=2 OPEN rev=1 last=2.2"};
    PAssert.that(issues(streaming, "stream")).containsInAnyOrder(expectedIssues);
    PAssert.that(issues(batch, "batch")).containsInAnyOrder(expectedIssues);
    p.run().waitUntilFinish();
  }
}
