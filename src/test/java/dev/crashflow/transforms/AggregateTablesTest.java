package dev.crashflow.transforms;

import static org.junit.Assert.assertEquals;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.SessionUpdate;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.testing.Events;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/** The aggregate tables over TestStreams: sketches across panes, paced late rollups, release
 *  health per session start, missing symbols per key. */
public class AggregateTablesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant T0 = new Instant(1_763_769_600_000L); // a UTC midnight
  private static final Duration LATENESS = Duration.standardDays(3);
  private static final AggregateWindows MINUTES = new AggregateWindows(Duration.standardMinutes(1),
      LATENESS, Duration.standardSeconds(30), Duration.ZERO);
  private static final Duration PACE = Duration.standardMinutes(10);

  private static int seq;

  /** An event at {@code T0 + offset} of user {@code user} (0..0xffff). */
  private static TimestampedValue<CrashEvent> event(Duration offset, int user) {
    String id = String.format("%04x%028x", user, ++seq);
    CrashEvent e = Events.simple(id, T0.plus(offset).getMillis(), "com.example.game");
    return TimestampedValue.of(e.withGrouping(new Fingerprinter().group(e)), T0.plus(offset));
  }

  private static long cardinality(Object base64) {
    return DistinctSketch.Format.LOCAL.fromBytes(Base64.getDecoder().decode((String) base64)).cardinality();
  }

  @Test
  public void userSketchesMergeAcrossPanesWithoutDoubleCounting() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(event(Duration.standardSeconds(1), 1), event(Duration.standardSeconds(2), 2))
        .advanceProcessingTime(Duration.standardSeconds(31))
        .addElements(event(Duration.standardSeconds(3), 2), event(Duration.standardSeconds(4), 3))
        .advanceWatermarkToInfinity();
    PCollection<TableRow> rows = p.apply(s).apply(CountCrashesPerWindow.of(MINUTES));
    PAssert.that(rows).satisfies(all -> {
      List<TableRow> list = new ArrayList<>();
      all.forEach(list::add);
      assertEquals(2, list.size());
      DistinctSketch merged = DistinctSketch.Format.LOCAL.empty();
      long paneUsers = 0;
      for (TableRow r : list) {
        paneUsers += ((Number) r.get("users")).longValue();
        merged.merge(DistinctSketch.Format.LOCAL.fromBytes(
            Base64.getDecoder().decode((String) r.get("users_sketch"))));
        assertEquals(((Number) r.get("users")).longValue(), cardinality(r.get("users_sketch")));
      }
      assertEquals("per-pane users double count the overlap", 4, paneUsers);
      assertEquals("the merged sketch does not", 3, merged.cardinality());
      return null;
    });
    p.run();
  }

  @Test
  public void aDayOfLateDataMakesOnePacedLatePanePerRollupWindowAndIsNotLost() {
    TestStream.Builder<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(event(Duration.standardHours(1), 1))
        .advanceWatermarkTo(T0.plus(Duration.standardDays(2))); // the day is over, a day late
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 10; i++) {
        s = s.addElements(event(Duration.standardHours(2).plus(Duration.standardMinutes(i)), 100 + i));
      }
      s = s.advanceProcessingTime(Duration.standardMinutes(1));
    }
    TestStream<CrashEvent> stream = s.advanceProcessingTime(PACE).advanceWatermarkToInfinity();
    PCollection<TableRow> rows = p.apply(stream).apply(CountCrashesPerWindow.rollup("DAY",
        MINUTES.resized(Duration.standardDays(1), PACE)));
    PAssert.that(rows).satisfies(all -> {
      Map<String, Long> panes = new TreeMap<>();
      int count = 0;
      for (TableRow r : all) {
        count++;
        assertEquals("DAY", r.get("granularity"));
        panes.merge(r.get("pane_timing") + "", ((Number) r.get("events")).longValue(), Long::sum);
        assertEquals(r.get("pane_timing") + " rows", r.get("pane_timing").equals("LATE") ? 10L : 1L,
            cardinality(r.get("users_sketch")));
      }
      assertEquals(Map.of("ON_TIME", 1L, "LATE", 50L), panes);
      assertEquals("one on-time pane and one paced late pane, not one per late batch", 2, count);
      return null;
    });
    p.run();
  }

  private static TimestampedValue<SessionUpdate> session(String sid, String user, boolean init,
      Duration started, Duration at, String status, int errors) {
    SessionUpdate u = new SessionUpdate(sid, user, init, T0.plus(started).getMillis(),
        T0.plus(at).getMillis(), T0.plus(at).getMillis(), status, errors, null,
        "com.example.game@2.0+7", "production", new AppInfo("com.example.game", "2.0", "7", null, null),
        "ANDROID", null);
    return TimestampedValue.of(u, T0.plus(at));
  }

  @Test
  public void releaseHealthCountsEachSessionOnceInTheWindowOfItsStart() {
    Duration start1 = Duration.standardMinutes(5);
    Duration start2 = Duration.standardMinutes(10);
    TestStream<SessionUpdate> s = TestStream.create(SerializableCoder.of(SessionUpdate.class))
        .advanceWatermarkTo(T0)
        .addElements(session("s1", "u1", true, start1, start1, "ok", 0),
            session("s2", "u2", true, start2, start2, "ok", 0),
            session("s2", "u2", false, start2, Duration.standardMinutes(20), "ok", 1),
            session("s3", "u2", true, Duration.standardMinutes(30), Duration.standardMinutes(30), "exited", 0))
        .advanceWatermarkTo(T0.plus(Duration.standardHours(2)))
        .addElements(session("s1", "u1", false, start1, Duration.standardHours(2), "crashed", 1),
            session("s2", "u2", false, start2, Duration.standardHours(2), "exited", 1))
        .advanceWatermarkToInfinity();
    PCollection<TableRow> rows = p.apply(s).apply(ReleaseHealth.of(
        MINUTES.resized(Duration.standardHours(1), PACE), DistinctSketch.Format.LOCAL));
    PAssert.that(rows).satisfies(all -> {
      long sessions = 0;
      long crashed = 0;
      long errored = 0;
      DistinctSketch users = DistinctSketch.Format.LOCAL.empty();
      DistinctSketch crashedUsers = DistinctSketch.Format.LOCAL.empty();
      for (TableRow r : all) {
        assertEquals("1970-01-01T00:00:00Z".length(), ((String) r.get("window_start")).length());
        assertEquals("every session started in the first hour", T0.toString().replace(".000Z", "Z"),
            r.get("window_start"));
        assertEquals("2.0", r.get("app_version"));
        sessions += ((Number) r.get("sessions")).longValue();
        crashed += ((Number) r.get("crashed_sessions")).longValue();
        errored += ((Number) r.get("errored_sessions")).longValue();
        users.merge(DistinctSketch.Format.LOCAL.fromBytes(Base64.getDecoder().decode((String) r.get("users_sketch"))));
        crashedUsers.merge(DistinctSketch.Format.LOCAL.fromBytes(
            Base64.getDecoder().decode((String) r.get("crashed_users_sketch"))));
      }
      assertEquals(3, sessions);
      assertEquals(1, crashed);
      assertEquals("s1 crashed, s2 exited with an error", 2, errored);
      assertEquals(2, users.cardinality());
      assertEquals(1, crashedUsers.cardinality());
      return null;
    });
    p.run();
  }

  private static TimestampedValue<CrashEvent> missing(Duration at, String... keys) {
    CrashEvent e = event(at, 1).getValue();
    List<DebugImage> images = List.of(new DebugImage("proguard", null, null, null, null, null, null,
        null, "6f1b2c4e-0000-4000-8000-000000000001"));
    e = new CrashEvent(e.eventId(), e.timestampMillis(), e.receivedMillis(), e.platform(),
        e.sdkPlatform(), e.level(), e.release(), e.dist(), e.environment(), e.app(), e.os(),
        e.device(), e.user(), e.engine(), e.installationId(), e.message(), e.tags(),
        e.sdkFingerprint(), e.exceptions(), e.threads(), images, e.breadcrumbs(), e.sdkName(),
        e.sdkVersion(), 0, keys.length == 0 ? SymbolicationStatus.SYMBOLICATED
            : SymbolicationStatus.MISSING_SYMBOLS, List.of(keys), e.grouping(), null);
    return TimestampedValue.of(e, T0.plus(at));
  }

  @Test
  public void missingSymbolsCountsEventsWaitingPerKeyAndKind() {
    String mapping = "6f1b2c4e-0000-4000-8000-000000000001";
    String breakpad = "3F2A9C0D11E24B7A9B1C0D2E3F4A5B6C0";
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .advanceWatermarkTo(T0)
        .addElements(missing(Duration.standardMinutes(1), mapping, breakpad),
            missing(Duration.standardMinutes(2), mapping), missing(Duration.standardMinutes(3)))
        .advanceWatermarkToInfinity();
    PCollection<String> rows = p.apply(s)
        .apply(MissingSymbols.of(MINUTES.resized(Duration.standardHours(1), PACE)))
        .apply(org.apache.beam.sdk.transforms.MapElements.into(
                org.apache.beam.sdk.values.TypeDescriptors.strings())
            .via((TableRow r) -> r.get("app_version") + " " + r.get("debug_id") + " " + r.get("kind")
                + " " + r.get("events")));
    PAssert.that(rows).containsInAnyOrder("1.0 " + mapping + " proguard 2",
        "1.0 " + breakpad + " breakpad 1");
    p.run();
  }
}
