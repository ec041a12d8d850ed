package dev.crashflow.aggregates;

import dev.crashflow.model.SessionUpdate;

/**
 * Release health of one (window, app, platform, version, environment): sessions started, how many
 * ended crashed, abnormal or errored, and sketches of their users. Each session counts once
 * however many updates it sends: as started on its first update ({@code init}), and by outcome on
 * its final one (any status other than {@code ok}). The Sentry session protocol sends each of those
 * once; a repeated one (an SDK retry) would count twice, which the exact {@code
 * crash_free_by_version} view over {@code sessions} does not.
 */
public final class SessionTally extends Tally {
  private static final int SESSIONS = 0;
  private static final int CRASHED = 1;
  private static final int ABNORMAL = 2;
  private static final int ERRORED = 3;

  public SessionTally(DistinctSketch.Format format) {
    super(format, 4, 2);
  }

  /** Whether an update changes any release-health figure (ongoing {@code ok} updates do not). */
  public static boolean counts(SessionUpdate u) {
    return u.init() || isFinal(u);
  }

  private static boolean isFinal(SessionUpdate u) {
    return u.status() != null && !u.status().equals("ok");
  }

  public void add(SessionUpdate u) {
    if (u.init()) {
      counts[SESSIONS]++;
      sketches[0].add(u.distinctId());
    }
    if (isFinal(u)) {
      boolean isCrashed = u.status().equals("crashed");
      boolean isAbnormal = u.status().equals("abnormal");
      if (isCrashed) {
        counts[CRASHED]++;
        sketches[1].add(u.distinctId());
      }
      if (isAbnormal) {
        counts[ABNORMAL]++;
      }
      if (isCrashed || isAbnormal || u.errors() > 0) {
        counts[ERRORED]++;
      }
    }
  }

  public long sessions() {
    return counts[SESSIONS];
  }

  public long crashed() {
    return counts[CRASHED];
  }

  public long abnormal() {
    return counts[ABNORMAL];
  }

  public long errored() {
    return counts[ERRORED];
  }

  public DistinctSketch users() {
    return sketches[0];
  }

  public DistinctSketch crashedUsers() {
    return sketches[1];
  }
}
