package dev.crashflow.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.issues.IssueSignal.Type;
import dev.crashflow.issues.Resolutions.Resolution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The lifecycle rules, one window at a time, without Beam. */
class IssueTrackerTest {
  static final long T0 = java.time.Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
  static final long W = 5 * 60_000L;
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;
  static final IssueTracker TRACKER =
      new IssueTracker(new IssueTracker.Settings(30 * DAY, 5.0, 20, 6 * HOUR));

  private static int seq;

  static IssueEvent event(long at, String version) {
    return new IssueEvent(String.format("%032x", ++seq), at, "com.example.game", "issue-1",
        "IllegalStateException: boom", "crashflow-1", AppVersion.parse(version));
  }

  /** Window {@code index} (of W from T0) holding {@code count} events of {@code version}. */
  static WindowSummary window(long index, String version, int count) {
    WindowSummary s = new WindowSummary();
    for (int i = 0; i < count; i++) {
      s.add(event(T0 + index * W + 1 + (i * (W - 2)) / Math.max(1, count), version));
    }
    return s.inWindow(T0 + index * W, T0 + (index + 1) * W, false);
  }

  static WindowSummary window(long index, IssueEvent... events) {
    WindowSummary s = new WindowSummary();
    for (IssueEvent e : events) {
      s.add(e);
    }
    return s.inWindow(T0 + index * W, T0 + (index + 1) * W, false);
  }

  /** Folds windows in order, collecting every signal. */
  static final class Run {
    IssueState state;
    final List<IssueSignal> signals = new ArrayList<>();
    Resolution resolution;

    List<IssueSignal> fold(WindowSummary w) {
      IssueTracker.Update u = TRACKER.update(state, w, resolution);
      state = u.state();
      signals.addAll(u.signals());
      return u.signals();
    }
  }

  static List<String> types(List<IssueSignal> signals) {
    return signals.stream().map(s -> s.type() + (s.appVersion() == null ? "" : "@" + s.appVersion())
        + "x" + s.eventCount()).collect(Collectors.toList());
  }

  @Test
  void theFirstWindowIsANewIssueAndLaterOnesAreNot() {
    Run r = new Run();
    assertEquals(List.of("NEW_ISSUE@1.0x3"), types(r.fold(window(0, "1.0", 3))));
    assertEquals(List.of(), types(r.fold(window(1, "1.0", 2))));
    IssueState s = r.state;
    assertEquals(5, s.eventsTotal());
    assertEquals(T0 + 1, s.firstSeenMillis());
    assertTrue(s.lastSeenMillis() > T0 + W && s.lastSeenMillis() < T0 + 2 * W);
    assertEquals("1.0", s.firstVersion().version());
    assertEquals(IssueState.Status.OPEN, s.status());
    assertEquals(2, s.revision());
    assertEquals(T0, s.trackedSinceMillis());
    assertEquals("IllegalStateException: boom", r.signals.get(0).title());
  }

  @Test
  void aLaterVersionNotSeenBeforeIsNewInRelease() {
    Run r = new Run();
    r.fold(window(0, "1.0", 2));
    assertEquals(List.of("NEW_IN_RELEASE@1.1x4"), types(r.fold(window(1, "1.1", 4))));
    assertEquals(List.of(), types(r.fold(window(2, "1.1", 4))), "seen already");
    assertEquals(List.of(), types(r.fold(window(3, "1.1.0", 1))), "the same release spelled differently");
    assertEquals(List.of(), types(r.fold(window(4, "0.9", 1))), "an older release still in use is not news");
    assertEquals(List.of(), types(r.fold(window(5, "1.0-beta", 1))), "a pre-release of the first version");
    assertEquals(List.of("NEW_IN_RELEASE@1.10x1"), types(r.fold(window(6, "1.10", 1))));
    assertEquals(List.of("NEW_IN_RELEASE@1.9x1"), types(r.fold(window(7, "1.9", 1))),
        "a hotfix of an older line is still a release the issue was not in");
    assertEquals("1.10", r.state.lastVersion().version());
    assertEquals("1.0", r.state.firstVersion().version());
  }

  @Test
  void versionsInTheFirstWindowAreCoveredByNewIssueAndNewBuildsAreNotReleases() {
    Run r = new Run();
    assertEquals(List.of("NEW_ISSUE@1.0x2"),
        types(r.fold(window(0, event(T0 + 1, "1.0+5"), event(T0 + 2, "1.2+9")))));
    assertEquals(List.of(), types(r.fold(window(1, event(T0 + W + 1, "1.2+10")))));
    assertEquals("1.2", r.state.lastVersion().version());
    assertEquals("10", r.state.lastVersion().build());
  }

  @Test
  void aResolvedIssueSeenInALaterVersionRegressesOncePerResolution() {
    Run r = new Run();
    r.resolution = new Resolution(AppVersion.parse("1.2"), T0 + 2 * W);
    r.fold(window(0, "1.1", 3));
    assertEquals(IssueState.Status.RESOLVED, r.state.status());
    assertEquals(List.of("NEW_IN_RELEASE@1.2x3"), types(r.fold(window(3, "1.2", 3))),
        "the resolved version itself does not regress");
    assertEquals(List.of("NEW_IN_RELEASE@1.3x2", "REGRESSED@1.3x2"),
        types(r.fold(window(4, event(T0 + 4 * W + 1, "1.3"), event(T0 + 4 * W + 2, "1.3"),
            event(T0 + 4 * W + 3, "1.1")))));
    IssueSignal regressed = r.signals.stream().filter(s -> s.type() == Type.REGRESSED).findFirst().get();
    assertEquals("1.2", regressed.resolvedInVersion());
    assertEquals(IssueState.Status.REGRESSED, r.state.status());
    assertEquals(List.of(), types(r.fold(window(5, "1.3", 5))), "once per resolution");
    assertEquals(IssueState.Status.REGRESSED, r.state.status());

    r.resolution = new Resolution(AppVersion.parse("1.4"), T0 + 6 * W);
    assertEquals(List.of(), types(r.fold(window(7, "1.3", 1))));
    assertEquals(IssueState.Status.RESOLVED, r.state.status());
    assertEquals(List.of("NEW_IN_RELEASE@1.5x1", "REGRESSED@1.5x1"), types(r.fold(window(8, "1.5", 1))));

    r.resolution = new Resolution(AppVersion.UNKNOWN, T0 + 9 * W);
    r.fold(window(9, "1.5", 1));
    assertEquals(IssueState.Status.OPEN, r.state.status(), "an empty version reopens");
  }

  @Test
  void onlyEventsAfterResolvedAtCountAndBuildsBreakTies() {
    Run r = new Run();
    r.resolution = new Resolution(AppVersion.parse("1.2+100"), T0 + 10 * W);
    r.fold(window(0, "1.2+100", 1));
    assertEquals(List.of("NEW_IN_RELEASE@1.3x1"), types(r.fold(window(1, "1.3", 1))),
        "a later version seen before the issue was marked resolved is not a regression");
    assertEquals(List.of(), types(r.fold(window(11, "1.2+99", 1))));
    assertEquals(List.of("REGRESSED@1.2x1"), types(r.fold(window(12, "1.2+101", 1))));

    Run noTime = new Run();
    noTime.resolution = new Resolution(AppVersion.parse("1.0"), null);
    assertEquals(List.of("NEW_ISSUE@1.1x1", "REGRESSED@1.1x1"), types(noTime.fold(window(0, "1.1", 1))),
        "an issue first seen after its resolution (e.g. after the TTL) regresses at once");
  }

  @Test
  void aWindowFarAboveTheRecentRateIsASpike() {
    Run r = new Run();
    for (int i = 0; i < 72; i++) { // six hours at 4 events per window
      assertEquals(List.of(), types(r.fold(window(i, "1.0", 4))).stream()
          .filter(t -> t.startsWith("SPIKING")).collect(Collectors.toList()));
    }
    assertEquals(4.0, r.state.baseline(), 1e-9);
    assertEquals(List.of(), types(r.fold(window(72, "1.0", 19))), "below the minimum");
    List<IssueSignal> spike = r.fold(window(73, "1.0", 60));
    assertEquals(List.of("SPIKING@1.0x60"), types(spike));
    assertTrue(spike.get(0).baseline() > 4 && spike.get(0).baseline() < 5, "" + spike.get(0).baseline());
    assertEquals(List.of(), types(r.fold(window(74, "1.0", 200))), "one spike per half-life");
    assertEquals(List.of("SPIKING@1.0x200"), types(r.fold(window(74 + 72, "1.0", 200))),
        "a half-life later it may spike again");
  }

  @Test
  void theSpikeThresholdIsTheFactorTimesTheDecayedBaseline() {
    Run r = new Run();
    for (int i = 0; i < 10; i++) {
      r.fold(window(i, "1.0", 10));
    }
    assertEquals(List.of(), types(r.fold(window(10, "1.0", 49))));
    Run s = new Run();
    for (int i = 0; i < 10; i++) {
      s.fold(window(i, "1.0", 10));
    }
    assertEquals(List.of("SPIKING@1.0x51"), types(s.fold(window(10, "1.0", 51))));
    // After two quiet days the baseline has decayed to almost nothing: the minimum decides.
    Run q = new Run();
    q.fold(window(0, "1.0", 30));
    assertEquals(List.of("SPIKING@1.0x20"), types(q.fold(window(2 * 288, "1.0", 20))));
  }

  @Test
  void anOlderWindowUpdatesCountsAndJoinsTheBaselineAtItsAge() {
    Run r = new Run();
    r.fold(window(20, "1.1", 2));
    double baseline = r.state.baseline();
    assertEquals(List.of(), types(r.fold(window(3, "1.0", 500))),
        "an old window, folded after a newer one, is not a spike now");
    double alpha = 1 - Math.pow(0.5, W / (6.0 * HOUR));
    double age = Math.pow(0.5, (21 * W - 4 * W) / (6.0 * HOUR));
    assertEquals(baseline + alpha * age * 500, r.state.baseline(), 1e-9);
    assertEquals(502, r.state.eventsTotal());
    assertEquals("1.0", r.state.firstVersion().version(), "first seen moves back in event time");
    assertEquals(T0 + 3 * W + 1, r.state.firstSeenMillis());
    assertEquals("1.1", r.state.lastVersion().version());
    assertTrue(r.state.lastSeenMillis() > T0 + 20 * W, "last seen stays");
  }

  @Test
  void lateDataForARecentWindowCanStillMakeItASpikeOnce() {
    Run r = new Run();
    for (int i = 0; i < 15; i++) {
      r.fold(window(i, "1.0", 2));
    }
    WindowSummary late = window(13, "1.2", 30);
    late = late.inWindow(late.windowStart(), late.windowEnd(), true);
    assertEquals(List.of("NEW_IN_RELEASE@1.2x30", "SPIKING@1.2x32"), types(r.fold(late)),
        "the window's total (2 on time + 30 late) against the recent rate");
    assertEquals(List.of(), types(r.fold(window(13, "1.2", 30))), "once per window");
    assertEquals(List.of(), types(r.fold(window(14, "1.2", 90))), "and once per half-life");
    assertEquals(List.of(), types(r.fold(window(1, "1.0", 90))),
        "a window older than the " + IssueState.RECENT_WINDOWS + " latest never spikes");

    Run first = new Run();
    first.fold(window(0, "1.0", 1));
    first.fold(window(1, "1.0", 1));
    assertEquals(List.of("SPIKING@1.0x31"), types(first.fold(window(0, "1.0", 30))),
        "the issue's first window counts as recent too");
  }

  @Test
  void stateOlderThanTheTtlIsForgottenAndTheIssueIsNewAgain() {
    Run r = new Run();
    r.fold(window(0, "1.0", 1));
    long justUnder = (30 * DAY - 2) / W; // the window's event lands just before the TTL
    IssueTracker.Update kept = TRACKER.update(r.state, window(justUnder, "1.0", 1), null);
    assertFalse(kept.expired());
    assertEquals(2, kept.state().eventsTotal());

    long after = 30 * DAY / W + 1;
    IssueTracker.Update u = TRACKER.update(r.state, window(after, "1.1", 1), null);
    assertTrue(u.expired());
    assertEquals(List.of("NEW_ISSUE@1.1x1"), types(u.signals()));
    assertEquals(1, u.state().eventsTotal());
    assertEquals(1, u.state().revision());
    assertEquals(T0 + after * W, u.state().trackedSinceMillis());
  }

  @Test
  void summariesDoNotDependOnArrivalOrderOrPartitioning() {
    List<IssueEvent> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      events.add(event(T0 + (i % 37) * 1000, "1." + (i % 45)));
    }
    events.add(event(T0 + 5, "1.0")); // ties on time break on event id
    WindowSummary inOrder = new WindowSummary();
    events.forEach(inOrder::add);
    Random random = new Random(42);
    for (int round = 0; round < 5; round++) {
      List<IssueEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      WindowSummary a = new WindowSummary();
      WindowSummary b = new WindowSummary();
      for (int i = 0; i < shuffled.size(); i++) {
        (i % 3 == 0 ? a : b).add(shuffled.get(i));
      }
      WindowSummary merged = new WindowSummary().merge(b).merge(a);
      assertEquals(inOrder, merged);
    }
    assertEquals(WindowSummary.MAX_VERSIONS, inOrder.versionCounts().size());
    assertEquals("1.44", ((java.util.TreeMap<AppVersion, Long>) inOrder.versionCounts()).lastKey().version(),
        "the highest versions are kept");
    assertEquals(201, inOrder.count());
  }

  @Test
  void theRememberedVersionsAreBoundedAndOlderOnesCountAsSeen() {
    Run r = new Run();
    r.fold(window(0, "1.0", 1));
    for (int i = 1; i <= 80; i++) {
      assertEquals(List.of("NEW_IN_RELEASE@1." + i + "x1"), types(r.fold(window(i, "1." + i, 1))));
    }
    assertEquals(IssueState.MAX_SEEN_VERSIONS, r.state.seenVersions().size());
    assertEquals("1.31", r.state.seenVersions().get(0));
    assertEquals(List.of(), types(r.fold(window(81, "1.20", 1))), "below the remembered range");
  }

  @Test
  void settingsRejectNonsense() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new IssueTracker.Settings(0, 5, 20, HOUR));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new IssueTracker.Settings(DAY, 0.5, 20, HOUR));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new IssueTracker.Settings(DAY, 5, 0, HOUR));
  }
}
