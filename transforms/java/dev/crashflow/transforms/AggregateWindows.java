package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.rows.TableRows;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;

/**
 * The windowing every aggregate table shares ({@code crash_counts}, {@code crash_rollups},
 * {@code release_health}, {@code missing_symbols}): fixed event-time windows of {@code size};
 * speculative EARLY panes {@code earlyFiringDelay} of processing time after a pane's first
 * element; an ON_TIME pane when the watermark passes the window end, unless nothing arrived since
 * the early pane (an empty pane adds nothing to an additive sum; and on Flink's batch engine,
 * where timers fire at the end of each key, every key of every window also got a second, empty
 * ON_TIME row, apparently from the early firing's timer outliving the on-time pane); LATE panes
 * for data up to {@code allowedLateness} behind it, either one per late element ({@code lateFiringDelay} zero)
 * or paced, one per {@code lateFiringDelay} of processing time after the first late element, so
 * a day of late data does not make a pane per event. Panes are discarding, hence additive: a
 * reader's {@code SUM} over all panes of a window is always the window's total, whichever panes
 * it has seen. Data later than the allowed lateness is dropped from the aggregates only (Beam's
 * {@code droppedDueToLateness} counter counts it); it stays in {@code crash_events},
 * {@code sessions} and the archive.
 */
public record AggregateWindows(Duration size, Duration allowedLateness, Duration earlyFiringDelay,
    Duration lateFiringDelay) implements Serializable {

  /** The same settings with another window size and late pacing (for rollups). */
  public AggregateWindows resized(Duration newSize, Duration newLateFiringDelay) {
    return new AggregateWindows(newSize, allowedLateness, earlyFiringDelay, newLateFiringDelay);
  }

  /** The {@link Window} transform to apply before the aggregate's combine. */
  public <T> Window<T> window() {
    Trigger.OnceTrigger late = lateFiringDelay.isEqual(Duration.ZERO)
        ? AfterPane.elementCountAtLeast(1)
        : AfterProcessingTime.pastFirstElementInPane().plusDelayOf(lateFiringDelay);
    return Window.<T>into(FixedWindows.of(size))
        .triggering(AfterWatermark.pastEndOfWindow()
            .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiringDelay))
            .withLateFirings(late))
        .withAllowedLateness(allowedLateness)
        .discardingFiredPanes()
        .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY);
  }

  /**
   * Moves aggregate rows into the global window (their window is in their columns), so rows of
   * differently windowed aggregates can be flattened into one table.
   */
  public static Window<TableRow> rowsToGlobalWindow() {
    return Window.<TableRow>into(new GlobalWindows())
        .triggering(DefaultTrigger.of()).withAllowedLateness(Duration.ZERO).discardingFiredPanes();
  }

  /** A row of this pane with its dimension columns ({@code names[i] = values[i]}, nulls left
   *  out) and the pane columns of {@link #paneRow(BoundedWindow, PaneInfo)}. */
  public static TableRow paneRow(BoundedWindow window, PaneInfo pane, List<String> names,
      List<String> values) {
    TableRow row = paneRow(window, pane);
    for (int i = 0; i < names.size(); i++) {
      if (values.get(i) != null) {
        row.set(names.get(i), values.get(i));
      }
    }
    return row;
  }

  /** A row with {@code window_start}, {@code window_end}, {@code pane_timing}, {@code pane_index}
   *  and {@code emitted_timestamp} of this pane. */
  public static TableRow paneRow(BoundedWindow window, PaneInfo pane) {
    IntervalWindow w = (IntervalWindow) window;
    TableRow row = new TableRow();
    row.set("window_start", TableRows.timestamp(w.start().getMillis()));
    row.set("window_end", TableRows.timestamp(w.end().getMillis()));
    row.set("pane_timing", pane.getTiming().name());
    row.set("pane_index", pane.getIndex());
    row.set("emitted_timestamp", TableRows.timestamp(System.currentTimeMillis()));
    return row;
  }
}
