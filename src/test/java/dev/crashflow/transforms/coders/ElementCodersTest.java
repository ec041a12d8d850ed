package dev.crashflow.transforms.coders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.aggregates.CrashTally;
import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.aggregates.SessionTally;
import dev.crashflow.aggregates.Tally;
import dev.crashflow.issues.AppVersion;
import dev.crashflow.issues.IssueEvent;
import dev.crashflow.issues.WindowSummary;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The compact element coders of issue tracking, release health and the aggregate combines give
 * back equal values (nulls, empty collections and the sample corpus included), encode equal
 * values equally where they claim determinism, and are smaller than Java serialization.
 */
class ElementCodersTest {
  private static final long T0 = 1_763_800_000_000L;

  /** Sums the encoded sizes of {@code values} under a coder. */
  private static <T> long size(Coder<T> coder, List<T> values) throws Exception {
    long n = 0;
    for (T v : values) {
      n += CoderUtils.encodeToByteArray(coder, v).length;
    }
    return n;
  }

  private static <T extends Serializable> void assertSmaller(Coder<T> compact, Class<T> type,
      List<T> values) throws Exception {
    long small = size(compact, values);
    long java = size(SerializableCoder.of(type), values);
    assertTrue(small < java, type.getSimpleName() + ": compact " + small + " bytes vs Java " + java);
  }

  private static List<IssueEvent> sampleIssueEvents() throws Exception {
    List<IssueEvent> out = new ArrayList<>();
    for (CrashEvent e : ModelCodersTest.sampleEvents()) {
      IssueEvent ie = IssueEvent.of(e);
      if (ie != null) {
        out.add(ie);
      }
    }
    assertTrue(out.size() > 300, "grouped sample events: " + out.size());
    return out;
  }

  @Test
  void issueEventsComeBackEqualEncodeCanonicallyAndAreSmaller() throws Exception {
    List<IssueEvent> events = new ArrayList<>(sampleIssueEvents());
    events.add(new IssueEvent(null, 0, null, null, null, null, null));
    events.add(new IssueEvent("", Long.MIN_VALUE, "", "", "", "", AppVersion.UNKNOWN));
    events.add(new IssueEvent("e", -1, "a", "i", "t\u00e9\ud83d\ude00", "v", new AppVersion("1.0", null)));
    IssueEventCoder coder = IssueEventCoder.of();
    for (IssueEvent e : events) {
      CoderProperties.coderDecodeEncodeEqual(coder, e);
      IssueEvent copy = new IssueEvent(e.eventId(), e.timestampMillis(), e.appId(), e.issueId(),
          e.title(), e.groupingVersion(), e.version());
      CoderProperties.coderDeterministic(coder, e, copy);
      CoderProperties.coderConsistentWithEquals(coder, e, copy);
      CoderProperties.structuralValueConsistentWithEquals(coder, e, copy);
      CoderProperties.structuralValueDecodeEncodeEqual(coder, e);
    }
    CoderProperties.structuralValueConsistentWithEquals(coder, events.get(0), events.get(1));
    CoderProperties.coderSerializable(coder);
    assertSmaller(coder, IssueEvent.class, events);
  }

  /** The summaries of the sample corpus per issue, placed in windows, some late. */
  private static List<WindowSummary> sampleSummaries(boolean reversed) throws Exception {
    List<IssueEvent> events = sampleIssueEvents();
    if (reversed) {
      Collections.reverse(events);
    }
    Map<String, WindowSummary> byIssue = new TreeMap<>();
    for (IssueEvent e : events) {
      byIssue.computeIfAbsent(e.key(), k -> new WindowSummary()).add(e);
    }
    List<WindowSummary> out = new ArrayList<>();
    int i = 0;
    for (WindowSummary s : byIssue.values()) {
      out.add(i % 3 == 0 ? s : s.inWindow(T0 + i, T0 + i + 60_000, i % 2 == 0));
      i++;
    }
    return out;
  }

  @Test
  void windowSummariesComeBackEqualEncodeCanonicallyAndAreSmaller() throws Exception {
    List<WindowSummary> summaries = sampleSummaries(false);
    List<WindowSummary> sameInReverse = sampleSummaries(true);
    WindowSummaryCoder coder = WindowSummaryCoder.of();
    for (int i = 0; i < summaries.size(); i++) {
      WindowSummary s = summaries.get(i);
      CoderProperties.coderDecodeEncodeEqual(coder, s);
      assertEquals(s, sameInReverse.get(i));
      CoderProperties.coderDeterministic(coder, s, sameInReverse.get(i));
      CoderProperties.structuralValueConsistentWithEquals(coder, s, sameInReverse.get(i));
      CoderProperties.structuralValueDecodeEncodeEqual(coder, s);
    }
    assertNotEquals(summaries.get(0), summaries.get(1));
    CoderProperties.structuralValueConsistentWithEquals(coder, summaries.get(0), summaries.get(1));
    CoderProperties.coderSerializable(coder);
    assertSmaller(coder, WindowSummary.class, summaries);
  }

  @Test
  void emptyAndNullFieldSummariesAndTheVersionCapRoundTrip() throws Exception {
    WindowSummaryCoder coder = WindowSummaryCoder.of();
    CoderProperties.coderDecodeEncodeEqual(coder, new WindowSummary());
    CoderProperties.coderDecodeEncodeEqual(coder, new WindowSummary().inWindow(-5, 5, true));
    WindowSummary nulls = new WindowSummary()
        .add(new IssueEvent(null, 7, null, null, null, null, AppVersion.UNKNOWN));
    CoderProperties.coderDecodeEncodeEqual(coder, nulls);
    WindowSummary many = new WindowSummary();
    for (int v = 0; v < WindowSummary.MAX_VERSIONS + 5; v++) {
      many.add(new IssueEvent("e" + v, T0 + v, "app", "issue", "title", "g1",
          new AppVersion("1." + v, v % 2 == 0 ? null : String.valueOf(v))));
    }
    assertEquals(WindowSummary.MAX_VERSIONS, many.versionCounts().size());
    WindowSummary back = CoderUtils.clone(coder, many);
    assertEquals(many, back);
    assertEquals(many.versionCounts(), back.versionCounts());
    // the decoded summary keeps accumulating like the original
    IssueEvent later = new IssueEvent("z", T0 + 1000, "app", "issue", "new title", "g2",
        new AppVersion("9.0", null));
    assertEquals(many.add(later), back.add(later));
  }

  @Test
  void sessionUpdatesComeBackEqualAndAreSmaller() throws Exception {
    RawMessage raw = new RawMessage("{\"sid\":\"s\"}".getBytes(StandardCharsets.UTF_8),
        Map.of("platform", "android", "empty", ""), "m-1", T0);
    List<SessionUpdate> updates = List.of(
        new SessionUpdate("7c7b6a5f-4e3d-4c2b-9a1f-0e9d8c7b6a59", "installation-42", true, T0 - 600_000,
            T0, T0 + 5, "crashed", 1, 600.5, "com.example.puzzle@2.4.1+2041", "production",
            new AppInfo("com.example.puzzle", "2.4.1", "2041", null, true), "ANDROID", raw),
        new SessionUpdate("s2", "u2", false, 0, T0, T0, "ok", 0, null, null, null, AppInfo.EMPTY,
            "IOS", null),
        new SessionUpdate(null, null, false, Long.MIN_VALUE, -1, Long.MAX_VALUE, null, -3,
            Double.NaN, null, null, null, null, RawMessage.of(new byte[0])),
        new SessionUpdate("s3", "", true, 1, 2, 3, "exited", Integer.MAX_VALUE, -0.0, "", "",
            new AppInfo("", "", "", "", false), "", null));
    SessionUpdateCoder coder = SessionUpdateCoder.of();
    for (SessionUpdate u : updates) {
      CoderProperties.coderDecodeEncodeEqual(coder, u);
      CoderProperties.coderDecodeEncodeEqual(coder, u.withoutRaw());
      CoderProperties.structuralValueDecodeEncodeEqual(coder, u);
    }
    assertThrows(Coder.NonDeterministicException.class, coder::verifyDeterministic);
    CoderProperties.coderSerializable(coder);
    List<SessionUpdate> withoutRaw = new ArrayList<>();
    updates.forEach(u -> withoutRaw.add(u.withoutRaw()));
    assertSmaller(coder, SessionUpdate.class, withoutRaw);
    assertSmaller(coder, SessionUpdate.class, updates);
  }

  private static CrashTally crashes(DistinctSketch.Format format, int n, boolean reversed) {
    CrashTally t = new CrashTally(format);
    for (int i = 0; i < n; i++) {
      int k = reversed ? n - 1 - i : i;
      t.add("user-" + k % 7, k % 3 == 0 ? null : "install-" + k);
    }
    return t;
  }

  private static SessionTally sessions(DistinctSketch.Format format) {
    SessionTally t = new SessionTally(format);
    String[] statuses = {"ok", "crashed", "abnormal", "exited", null};
    for (int i = 0; i < 20; i++) {
      t.add(new SessionUpdate("s" + i, "u" + i % 4, i % 2 == 0, T0, T0 + i, T0 + i,
          statuses[i % statuses.length], i % 3, null, null, null, AppInfo.EMPTY, "ANDROID", null));
    }
    return t;
  }

  @Test
  void talliesOfBothSketchFormatsComeBackEqualEncodeCanonicallyAndAreSmaller() throws Exception {
    TallyCoder<CrashTally> crashCoder = TallyCoder.of(CrashTally.class, CrashTally::new);
    TallyCoder<SessionTally> sessionCoder = TallyCoder.of(SessionTally.class, SessionTally::new);
    List<CrashTally> crashTallies = new ArrayList<>();
    List<SessionTally> sessionTallies = new ArrayList<>();
    for (DistinctSketch.Format format : DistinctSketch.Format.values()) {
      CrashTally empty = new CrashTally(format);
      CrashTally some = crashes(format, 50, false);
      CoderProperties.coderDecodeEncodeEqual(crashCoder, empty);
      CoderProperties.coderDecodeEncodeEqual(crashCoder, some);
      CoderProperties.coderDecodeEncodeEqual(sessionCoder, new SessionTally(format));
      CoderProperties.coderDecodeEncodeEqual(sessionCoder, sessions(format));
      CrashTally again = crashes(format, 50, format == DistinctSketch.Format.LOCAL);
      assertEquals(some, again);
      CoderProperties.coderDeterministic(crashCoder, some, again);
      CoderProperties.structuralValueConsistentWithEquals(crashCoder, some, again);
      CoderProperties.structuralValueConsistentWithEquals(crashCoder, some, empty);
      CoderProperties.structuralValueDecodeEncodeEqual(crashCoder, some);
      // a decoded tally merges on like the original
      CrashTally back = CoderUtils.clone(crashCoder, some);
      back.merge(crashes(format, 10, false));
      some.merge(crashes(format, 10, false));
      assertEquals(some, back);
      assertEquals(some.users().cardinality(), back.users().cardinality());
      crashTallies.add(empty);
      crashTallies.add(some);
      sessionTallies.add(sessions(format));
    }
    CoderProperties.coderSerializable(crashCoder);
    assertEquals(crashCoder, TallyCoder.of(CrashTally.class, CrashTally::new));
    assertNotEquals(crashCoder, sessionCoder);
    assertSmaller(crashCoder, CrashTally.class, crashTallies);
    assertSmaller(sessionCoder, SessionTally.class, sessionTallies);
  }

  @Test
  void aTallyOfAnotherKindOrFormatFailsLoudly() throws Exception {
    TallyCoder<SessionTally> sessionCoder = TallyCoder.of(SessionTally.class, SessionTally::new);
    byte[] crash = CoderUtils.encodeToByteArray(TallyCoder.of(CrashTally.class, CrashTally::new),
        crashes(DistinctSketch.Format.LOCAL, 3, false));
    Exception e = assertThrows(Exception.class, () -> CoderUtils.decodeFromByteArray(sessionCoder, crash));
    assertTrue(message(e).contains("SessionTally has 4 counters"), message(e));
    crash[0] = 42;
    e = assertThrows(Exception.class, () -> CoderUtils.decodeFromByteArray(sessionCoder, crash));
    assertTrue(message(e).contains("format 42"), message(e));
    byte[] summary = CoderUtils.encodeToByteArray(WindowSummaryCoder.of(), new WindowSummary());
    summary[0] = 7;
    e = assertThrows(Exception.class,
        () -> CoderUtils.decodeFromByteArray(WindowSummaryCoder.of(), summary));
    assertTrue(message(e).contains("window summary written in format 7"), message(e));
  }

  private static String message(Throwable e) {
    return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
  }

  @Test
  void tallyRestoreRejectsTheWrongShape() {
    Tally t = new CrashTally(DistinctSketch.Format.LOCAL);
    assertThrows(IllegalArgumentException.class, () -> t.restore(new long[4], new byte[2][0]));
    assertThrows(IllegalArgumentException.class, () -> t.restore(new long[1], new byte[1][0]));
  }
}
