package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.issues.IssueEvent;
import dev.crashflow.issues.IssueTracker;
import dev.crashflow.issues.WindowSummary;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.transforms.coders.IssueEventCoder;
import dev.crashflow.transforms.coders.WindowSummaryCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Tracks every issue's lifecycle ({@link IssueTracker}) and writes {@code issues} rows (one per
 * issue per window that changed it) and {@code issue_signals} rows (NEW_ISSUE, NEW_IN_RELEASE,
 * REGRESSED, SPIKING).
 *
 * <p>Events are keyed by (app, issue) and summed per fixed event-time window ({@code window}),
 * firing when the watermark passes the window and again as late data arrives, up to {@code
 * lateness} (a late pane per bundle, as {@code crash_counts} does; data later than that is left
 * out of tracking, it is still in {@code crash_events}). A window still open one window length
 * (processing time) after its first event also fires early, which only happens when the
 * watermark lags; early panes wait like on-time ones. The
 * window summaries then go through the tracker in event-time order, so "first seen" and "new in
 * release" mean first in event time, and the output does not depend on arrival order:
 *
 * <ul>
 *   <li>bounded input (files, replays): all of an issue's windows are grouped and folded in order
 *       of window start, in one call, with no timers. A re-run gives the same rows and signals.
 *   <li>unbounded input (Pub/Sub): a stateful step keeps the issue's state, buffers on-time
 *       windows until the watermark passes them (an event-time timer) and folds them in window
 *       order. Late panes are folded when they arrive, as out-of-order updates. State is bounded:
 *       an event-time timer clears an issue's state {@code ttl} after its last event; the tracker
 *       applies the same rule in batch, so both modes agree.
 * </ul>
 *
 * <p>Counters: {@code issues_new}, {@code issue_signals_<type>}, {@code issue_state_cleared},
 * {@code issue_panes_early}, {@code issue_panes_on_time} and {@code issue_panes_late}, {@code
 * issue_folds_stalled} (windows
 * folded before the watermark passed them), {@code issue_events_ungrouped}
 * (events without an issue id, not tracked).
 */
public class TrackIssues extends PTransform<PCollection<CrashEvent>, PCollectionTuple> {
  public static final TupleTag<TableRow> ISSUES = new TupleTag<>() {};
  public static final TupleTag<TableRow> SIGNALS = new TupleTag<>() {};

  private final Duration window;
  private final Duration lateness;
  private final IssueTracker.Settings settings;
  private final ResolutionsFile resolutions;

  private TrackIssues(Duration window, Duration lateness, IssueTracker.Settings settings,
      ResolutionsFile resolutions) {
    this.window = window;
    this.lateness = lateness;
    this.settings = settings;
    this.resolutions = resolutions;
  }

  public static TrackIssues of(Duration window, Duration lateness, IssueTracker.Settings settings) {
    return new TrackIssues(window, lateness, settings, ResolutionsFile.none());
  }

  /** Resolutions from JSON lines at {@code path} (local or gs://), re-read every {@code refresh}. */
  public TrackIssues withResolutions(String path, Duration refresh) {
    return new TrackIssues(window, lateness, settings, ResolutionsFile.at(path, refresh));
  }

  @Override
  public PCollectionTuple expand(PCollection<CrashEvent> events) {
    return events
        .apply("ToIssueEvents", ParDo.of(new ToIssueEventFn()))
        .setCoder(IssueEventCoder.of())
        .apply("Track", onIssueEvents());
  }

  /** The same step on events already projected to {@link IssueEvent}s. */
  public PTransform<PCollection<IssueEvent>, PCollectionTuple> onIssueEvents() {
    return new PTransform<>() {
      @Override
      public PCollectionTuple expand(PCollection<IssueEvent> events) {
        return track(events);
      }
    };
  }

  private PCollectionTuple track(PCollection<IssueEvent> events) {
    PCollection<KV<String, WindowSummary>> summaries = events
        .apply("KeyByIssue", ParDo.of(new KeyFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), IssueEventCoder.of()))
        .apply("WindowByEventTime", Window.<KV<String, IssueEvent>>into(FixedWindows.of(window))
            .triggering(AfterWatermark.pastEndOfWindow()
                .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(window))
                .withLateFirings(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(lateness).discardingFiredPanes()
            .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY))
        .apply("SummarizeWindow", Combine.perKey(new SummarizeFn()))
        .apply("PlaceInWindow", ParDo.of(new PlaceFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), WindowSummaryCoder.of()))
        .apply("ToGlobalWindow", Window.<KV<String, WindowSummary>>into(new GlobalWindows())
            .triggering(DefaultTrigger.of()).withAllowedLateness(Duration.ZERO).discardingFiredPanes());
    IssueFolds.Folder folder = new IssueFolds.Folder(new IssueTracker(settings), resolutions);
    PCollectionTuple out = events.isBounded() == PCollection.IsBounded.BOUNDED
        ? summaries.apply("GroupIssueWindows", GroupByKey.create())
            .apply("FoldInOrder", ParDo.of(new IssueFolds.BatchFoldFn(folder))
                .withOutputTags(ISSUES, TupleTagList.of(SIGNALS)))
        : summaries.apply("FoldIssueState", ParDo.of(new IssueFolds.StreamFoldFn(folder, window))
            .withOutputTags(ISSUES, TupleTagList.of(SIGNALS)));
    out.get(ISSUES).setCoder(TableRowJsonCoder.of());
    out.get(SIGNALS).setCoder(TableRowJsonCoder.of());
    return out;
  }

  static class ToIssueEventFn extends DoFn<CrashEvent, IssueEvent> {
    private final Counter ungrouped = Metrics.counter("crashflow", "issue_events_ungrouped");

    @ProcessElement
    public void process(@Element CrashEvent e, OutputReceiver<IssueEvent> out) {
      IssueEvent ie = IssueEvent.of(e);
      if (ie == null) {
        ungrouped.inc();
      } else {
        out.output(ie);
      }
    }
  }

  static class KeyFn extends DoFn<IssueEvent, KV<String, IssueEvent>> {
    @ProcessElement
    public void process(@Element IssueEvent e, OutputReceiver<KV<String, IssueEvent>> out) {
      out.output(KV.of(e.key(), e));
    }
  }

  static class SummarizeFn extends Combine.CombineFn<IssueEvent, WindowSummary, WindowSummary> {
    @Override
    public WindowSummary createAccumulator() {
      return new WindowSummary();
    }

    @Override
    public WindowSummary addInput(WindowSummary acc, IssueEvent e) {
      return acc.add(e);
    }

    @Override
    public WindowSummary mergeAccumulators(Iterable<WindowSummary> accs) {
      WindowSummary merged = new WindowSummary();
      accs.forEach(merged::merge);
      return merged;
    }

    @Override
    public WindowSummary extractOutput(WindowSummary acc) {
      return acc;
    }

    /**
     * Compact, as the summaries downstream. In streaming the accumulator is also keyed state, so
     * this coder is part of Flink savepoints and Dataflow's update check: a running streaming job
     * saved with Java-serialized summaries needs a fresh start (or drain) to take this change.
     */
    @Override
    public org.apache.beam.sdk.coders.Coder<WindowSummary> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<IssueEvent> inputCoder) {
      return WindowSummaryCoder.of();
    }
  }

  /**
   * Stamps each summary with its window and whether it is a late pane; counts the kinds ({@code
   * issue_panes_early}, {@code issue_panes_on_time}, {@code issue_panes_late}: how far behind the
   * watermark data arrives, and how often it lags).
   */
  static class PlaceFn extends DoFn<KV<String, WindowSummary>, KV<String, WindowSummary>> {
    private final Counter early = Metrics.counter("crashflow", "issue_panes_early");
    private final Counter onTime = Metrics.counter("crashflow", "issue_panes_on_time");
    private final Counter late = Metrics.counter("crashflow", "issue_panes_late");

    @ProcessElement
    public void process(@Element KV<String, WindowSummary> kv, BoundedWindow w, PaneInfo pane,
        OutputReceiver<KV<String, WindowSummary>> out) {
      if (kv.getValue().count() == 0) {
        return; // an empty pane changes nothing
      }
      IntervalWindow iw = (IntervalWindow) w;
      boolean isLate = pane.getTiming() == PaneInfo.Timing.LATE;
      (isLate ? late : pane.getTiming() == PaneInfo.Timing.EARLY ? early : onTime).inc();
      out.output(KV.of(kv.getKey(), kv.getValue().inWindow(iw.start().getMillis(), iw.end().getMillis(),
          isLate)));
    }
  }
}
