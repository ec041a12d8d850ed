package dev.crashflow.transforms;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.testing.Events;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The five regimes of windowed counts: on time, early, unobservably late, observably late,
 * droppable; and no pane without events.
 */
public class CountCrashesPerWindowTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant T0 = new Instant(1_763_800_000_000L - 1_763_800_000_000L % 60_000L);
  private static final Duration WINDOW = Duration.standardMinutes(1);
  private static final Duration LATENESS = Duration.standardMinutes(10);

  private static int seq;

  private static TimestampedValue<CrashEvent> at(Duration offset) {
    String id = String.format("%032x", ++seq);
    CrashEvent e = Events.simple(id, T0.plus(offset).getMillis(), "com.example.game");
    e = e.withGrouping(new Fingerprinter().group(e));
    return TimestampedValue.of(e, T0.plus(offset));
  }

  private PCollection<String> panes(TestStream<CrashEvent> stream) {
    return p.apply(stream)
        .apply(CountCrashesPerWindow.of(WINDOW, LATENESS, Duration.standardSeconds(30)))
        .apply(MapElements.into(TypeDescriptors.strings()).via((TableRow r) ->
            r.get("window_start") + " " + r.get("pane_timing") + " " + r.get("events")));
  }

  private static String pane(Duration windowStart, String timing, int events) {
    return org.joda.time.format.ISODateTimeFormat.dateTime().withZoneUTC()
        .print(T0.plus(windowStart)).replace(".000Z", "Z") + " " + timing + " " + events;
  }

  @Test
  public void onTimeEventsFireOnePaneWhenTheWatermarkPasses() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardSeconds(5)), at(Duration.standardSeconds(20)))
        .advanceWatermarkToInfinity();
    PAssert.that(panes(s)).containsInAnyOrder(pane(Duration.ZERO, "ON_TIME", 2));
    p.run();
  }

  @Test
  public void earlyPanesAreSpeculativeAndAdditive() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardSeconds(5)))
        .advanceProcessingTime(Duration.standardSeconds(31))
        .addElements(at(Duration.standardSeconds(6)), at(Duration.standardSeconds(7)))
        .advanceWatermarkToInfinity();
    PAssert.that(panes(s)).containsInAnyOrder(
        pane(Duration.ZERO, "EARLY", 1), pane(Duration.ZERO, "ON_TIME", 2));
    p.run();
  }

  @Test
  public void anEarlyPaneThatTookEverythingIsNotFollowedByAnEmptyOnTimeRow() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardSeconds(5)), at(Duration.standardSeconds(6)))
        .advanceProcessingTime(Duration.standardSeconds(31))
        .advanceWatermarkToInfinity();
    PAssert.that(panes(s)).containsInAnyOrder(pane(Duration.ZERO, "EARLY", 2));
    p.run();
  }

  @Test
  public void unobservablyLateDataJoinsTheOnTimePane() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0.plus(Duration.standardSeconds(50)))
        .addElements(at(Duration.standardSeconds(10)), at(Duration.standardSeconds(55)))
        .advanceWatermarkToInfinity();
    PAssert.that(panes(s)).containsInAnyOrder(pane(Duration.ZERO, "ON_TIME", 2));
    p.run();
  }

  @Test
  public void observablyLateDataFiresALatePane() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardSeconds(10)))
        .advanceWatermarkTo(T0.plus(Duration.standardMinutes(5)))
        .addElements(at(Duration.standardSeconds(30)))
        .advanceWatermarkToInfinity();
    PAssert.that(panes(s)).containsInAnyOrder(
        pane(Duration.ZERO, "ON_TIME", 1), pane(Duration.ZERO, "LATE", 1));
    p.run();
  }

  @Test
  public void dataBeyondTheAllowedLatenessIsDropped() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardSeconds(10)))
        .advanceWatermarkTo(T0.plus(WINDOW).plus(LATENESS).plus(Duration.standardMinutes(1)))
        .addElements(at(Duration.standardSeconds(30)))
        .advanceWatermarkToInfinity();
    PAssert.that(panes(s)).containsInAnyOrder(pane(Duration.ZERO, "ON_TIME", 1));
    p.run();
  }

  @Test
  public void aDayLateStillCountsWithTheDefaultLateness() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(at(Duration.standardSeconds(10)))
        .advanceWatermarkTo(T0.plus(Duration.standardDays(1)))
        .addElements(at(Duration.standardSeconds(20)))
        .advanceWatermarkToInfinity();
    PCollection<String> out = p.apply(s)
        .apply(CountCrashesPerWindow.of(WINDOW, Durations.parse("3d"), Duration.standardSeconds(30)))
        .apply(MapElements.into(TypeDescriptors.strings()).via((TableRow r) ->
            r.get("pane_timing") + " " + r.get("events")));
    PAssert.that(out).containsInAnyOrder("ON_TIME 1", "LATE 1");
    p.run();
  }
}
