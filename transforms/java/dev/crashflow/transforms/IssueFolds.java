package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.issues.IssueSignal;
import dev.crashflow.issues.IssueState;
import dev.crashflow.issues.IssueTracker;
import dev.crashflow.issues.WindowSummary;
import dev.crashflow.rows.IssueRows;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The folding half of {@link TrackIssues}: window summaries of one issue through {@link
 * IssueTracker} in window order, in batch (all windows at once) or in streaming (keyed state and
 * timers), with the rows, signals and counters they produce.
 */
final class IssueFolds {
  private IssueFolds() {}

  /** Runs the tracker on one window and emits its row, its signals and its counters. */
  static final class Folder implements Serializable {
    private final IssueTracker tracker;
    private final ResolutionsFile resolutions;
    private final Counter created = Metrics.counter("crashflow", "issues_new");
    private final Counter cleared = Metrics.counter("crashflow", "issue_state_cleared");
    private final Counter stalled = Metrics.counter("crashflow", "issue_folds_stalled");
    private final Counter[] bySignal = new Counter[IssueSignal.Type.values().length];

    Folder(IssueTracker tracker, ResolutionsFile resolutions) {
      this.tracker = tracker;
      this.resolutions = resolutions;
      for (IssueSignal.Type t : IssueSignal.Type.values()) {
        bySignal[t.ordinal()] = Metrics.counter("crashflow", t.counterName());
      }
    }

    long ttlMillis() {
      return tracker.settings().ttlMillis();
    }

    IssueState fold(IssueState state, WindowSummary w, DoFn.MultiOutputReceiver out) {
      IssueTracker.Update u = tracker.update(state, w,
          resolutions.current(System.currentTimeMillis()).of(w.appId(), w.issueId()));
      if (u.expired()) {
        cleared.inc();
      }
      long now = System.currentTimeMillis();
      out.get(TrackIssues.ISSUES).output(IssueRows.issue(u.state(), w, now));
      for (IssueSignal s : u.signals()) {
        bySignal[s.type().ordinal()].inc();
        if (s.type() == IssueSignal.Type.NEW_ISSUE) {
          created.inc();
        }
        out.get(TrackIssues.SIGNALS).output(IssueRows.signal(s, now));
      }
      return u.state();
    }
  }

  /** Bounded input: all windows of an issue at once, folded in window order. */
  static class BatchFoldFn extends DoFn<KV<String, Iterable<WindowSummary>>, TableRow> {
    private final Folder folder;

    BatchFoldFn(Folder folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<WindowSummary>> kv, MultiOutputReceiver out) {
      IssueState state = null;
      for (WindowSummary w : inWindowOrder(kv.getValue())) {
        state = folder.fold(state, w, out);
      }
    }
  }

  /** Panes of the same window merged into one (they are additive), in window order. */
  static List<WindowSummary> inWindowOrder(Iterable<WindowSummary> panes) {
    TreeMap<Long, WindowSummary> byStart = new TreeMap<>();
    for (WindowSummary p : panes) {
      byStart.merge(p.windowStart(), p, (a, b) -> new WindowSummary().merge(a).merge(b)
          .inWindow(a.windowStart(), a.windowEnd(), a.late() || b.late()));
    }
    return new ArrayList<>(byStart.values());
  }

  /**
   * Unbounded input: the issue's state in keyed state. On-time (and early) panes wait in {@code
   * pending} until the watermark passes their window ({@code flush} timer), then fold in window
   * order; late panes fold at once. So that a stalled watermark cannot hold signals back for
   * ever, {@code stall} folds whatever is pending, in window order, once it has waited {@code
   * maxWait} of processing time (a window that then completes folds as late data). {@code
   * expiry} clears the state {@code ttl} (event time) after the last event.
   */
  static class StreamFoldFn extends DoFn<KV<String, WindowSummary>, TableRow> {
    private final Folder folder;

    // Keyed state stays on Java serialization on purpose, unlike the elements (coders/): a state
    // coder is part of the saved state, so changing it breaks restoring Flink savepoints and
    // Dataflow's update of a running streaming job. Change it only with a migration plan.
    @StateId("issue")
    private final StateSpec<ValueState<IssueState>> issueSpec =
        StateSpecs.value(SerializableCoder.of(IssueState.class));

    @StateId("pending")
    private final StateSpec<BagState<WindowSummary>> pendingSpec =
        StateSpecs.bag(SerializableCoder.of(WindowSummary.class));

    @StateId("flushAt")
    private final StateSpec<ValueState<Long>> flushAtSpec = StateSpecs.value(VarLongCoder.of());

    @TimerId("flush")
    private final TimerSpec flushSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("expiry")
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    @TimerId("stall")
    private final TimerSpec stallSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    private final Duration maxWait;

    StreamFoldFn(Folder folder, Duration maxWait) {
      this.folder = folder;
      this.maxWait = maxWait;
    }

    @ProcessElement
    public void process(@Element KV<String, WindowSummary> kv, @Timestamp Instant ts,
        @StateId("issue") ValueState<IssueState> issue,
        @StateId("pending") BagState<WindowSummary> pending,
        @StateId("flushAt") ValueState<Long> flushAt,
        @TimerId("flush") Timer flush, @TimerId("expiry") Timer expiry,
        @TimerId("stall") Timer stall, MultiOutputReceiver out) {
      WindowSummary w = kv.getValue();
      if (w.late()) {
        fold(issue, expiry, w, out);
        return;
      }
      pending.add(w);
      Long at = flushAt.read();
      if (at == null) {
        stall.offset(maxWait).setRelative();
      }
      if (at == null || ts.getMillis() < at) {
        flush.set(ts);
        flushAt.write(ts.getMillis());
      }
    }

    @OnTimer("flush")
    public void onFlush(@Timestamp Instant ts,
        @StateId("issue") ValueState<IssueState> issue,
        @StateId("pending") BagState<WindowSummary> pending,
        @StateId("flushAt") ValueState<Long> flushAt,
        @TimerId("flush") Timer flush, @TimerId("expiry") Timer expiry,
        @TimerId("stall") Timer stall, MultiOutputReceiver out) {
      List<WindowSummary> ready = new ArrayList<>();
      List<WindowSummary> rest = new ArrayList<>();
      for (WindowSummary w : pending.read()) {
        (w.windowEnd() - 1 <= ts.getMillis() ? ready : rest).add(w);
      }
      pending.clear();
      rest.forEach(pending::add);
      for (WindowSummary w : inWindowOrder(ready)) {
        fold(issue, expiry, w, out);
      }
      if (rest.isEmpty()) {
        flushAt.clear();
        stall.clear();
      } else {
        long next = rest.stream().mapToLong(w -> w.windowEnd() - 1).min().getAsLong();
        flush.set(new Instant(next));
        flushAt.write(next);
        stall.offset(maxWait).setRelative();
      }
    }

    @OnTimer("stall")
    public void onStall(
        @StateId("issue") ValueState<IssueState> issue,
        @StateId("pending") BagState<WindowSummary> pending,
        @StateId("flushAt") ValueState<Long> flushAt,
        @TimerId("flush") Timer flush, @TimerId("expiry") Timer expiry, MultiOutputReceiver out) {
      List<WindowSummary> all = inWindowOrder(pending.read());
      if (all.isEmpty()) {
        return;
      }
      folder.stalled.inc();
      pending.clear();
      flushAt.clear();
      flush.clear();
      for (WindowSummary w : all) {
        fold(issue, expiry, w, out);
      }
    }

    @OnTimer("expiry")
    public void onExpiry(@Timestamp Instant ts,
        @StateId("issue") ValueState<IssueState> issue,
        @StateId("pending") BagState<WindowSummary> pending) {
      IssueState s = issue.read();
      // Windows still waiting decide for themselves (the tracker applies the same TTL rule).
      if (s != null && !pending.read().iterator().hasNext()
          && s.lastSeenMillis() + folder.ttlMillis() <= ts.getMillis()) {
        issue.clear();
        folder.cleared.inc();
      }
    }

    private void fold(ValueState<IssueState> issue, Timer expiry, WindowSummary w,
        MultiOutputReceiver out) {
      IssueState s = folder.fold(issue.read(), w, out);
      issue.write(s);
      expiry.set(new Instant(s.lastSeenMillis() + folder.ttlMillis()));
    }
  }
}
