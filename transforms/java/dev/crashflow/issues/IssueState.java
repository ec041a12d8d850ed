package dev.crashflow.issues;

import dev.crashflow.issues.Resolutions.Resolution;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What crashflow remembers about one issue between windows. Bounded: a fixed set of scalars plus
 * at most {@value #MAX_SEEN_VERSIONS} seen versions (the highest), so the keyed state is a few
 * hundred bytes per issue whatever the traffic. {@link IssueTracker} is the only writer; it works
 * on copies, never on a state read back from a runner.
 */
public final class IssueState implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int MAX_SEEN_VERSIONS = 50;
  /** How many of the latest windows keep their counts, so late data can still make a spike. */
  public static final int RECENT_WINDOWS = 12;

  /** Where an issue stands. */
  public enum Status {
    /** No resolution in force. */
    OPEN,
    /** Marked resolved, and not seen in a later version since. */
    RESOLVED,
    /** Marked resolved, then seen in a later version. */
    REGRESSED
  }

  String appId;
  String issueId;
  String title;
  String groupingVersion;
  long firstSeenMillis;
  long lastSeenMillis;
  AppVersion firstVersion = AppVersion.UNKNOWN;
  AppVersion lastVersion = AppVersion.UNKNOWN;
  long eventsTotal;
  /** Display versions (no build) seen, ascending by {@link AppVersion#compareVersions}. */
  final List<String> seenVersions = new ArrayList<>();
  /** Exponentially weighted events per window, folded up to {@code baselineUntilMillis}. */
  double baseline;
  long baselineUntilMillis;
  long lastSpikeMillis = Long.MIN_VALUE;
  /** {start, events} of the latest {@value #RECENT_WINDOWS} windows folded in order, oldest first. */
  final List<long[]> recent = new ArrayList<>();
  /** Start of the window that created this state, and how many windows it has folded in. */
  long trackedSinceMillis;
  long revision;
  /** The resolution in force at the last update, and the one that already signalled REGRESSED. */
  Resolution resolution;
  Resolution regressedFrom;

  IssueState copy() {
    IssueState s = new IssueState();
    s.appId = appId;
    s.issueId = issueId;
    s.title = title;
    s.groupingVersion = groupingVersion;
    s.firstSeenMillis = firstSeenMillis;
    s.lastSeenMillis = lastSeenMillis;
    s.firstVersion = firstVersion;
    s.lastVersion = lastVersion;
    s.eventsTotal = eventsTotal;
    s.seenVersions.addAll(seenVersions);
    s.baseline = baseline;
    s.baselineUntilMillis = baselineUntilMillis;
    s.lastSpikeMillis = lastSpikeMillis;
    recent.forEach(r -> s.recent.add(r.clone()));
    s.trackedSinceMillis = trackedSinceMillis;
    s.revision = revision;
    s.resolution = resolution;
    s.regressedFrom = regressedFrom;
    return s;
  }

  public Status status() {
    if (resolution == null) {
      return Status.OPEN;
    }
    return resolution.equals(regressedFrom) ? Status.REGRESSED : Status.RESOLVED;
  }

  public String appId() {
    return appId;
  }

  public String issueId() {
    return issueId;
  }

  public String title() {
    return title;
  }

  public String groupingVersion() {
    return groupingVersion;
  }

  public long firstSeenMillis() {
    return firstSeenMillis;
  }

  public long lastSeenMillis() {
    return lastSeenMillis;
  }

  /** The version of the earliest event (event time); unknown when it carried none. */
  public AppVersion firstVersion() {
    return firstVersion;
  }

  /** The latest version seen ({@link AppVersion} order). */
  public AppVersion lastVersion() {
    return lastVersion;
  }

  public long eventsTotal() {
    return eventsTotal;
  }

  public List<String> seenVersions() {
    return List.copyOf(seenVersions);
  }

  /**
   * When this state began (start of its first window). A state that expired and began again has
   * a later one, so {@code (trackedSince, revision)} orders all updates of an issue.
   */
  public long trackedSinceMillis() {
    return trackedSinceMillis;
  }

  /** Windows folded into this state: 1 for the first. */
  public long revision() {
    return revision;
  }

  public double baseline() {
    return baseline;
  }

  /** The version the issue is marked resolved in, or null. */
  public AppVersion resolvedIn() {
    return resolution == null ? null : resolution.version();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IssueState s && firstSeenMillis == s.firstSeenMillis
        && lastSeenMillis == s.lastSeenMillis && eventsTotal == s.eventsTotal
        && Double.compare(baseline, s.baseline) == 0 && baselineUntilMillis == s.baselineUntilMillis
        && lastSpikeMillis == s.lastSpikeMillis && trackedSinceMillis == s.trackedSinceMillis
        && revision == s.revision && recent.size() == s.recent.size()
        && java.util.stream.IntStream.range(0, recent.size())
            .allMatch(i -> java.util.Arrays.equals(recent.get(i), s.recent.get(i)))
        && Objects.equals(appId, s.appId)
        && Objects.equals(issueId, s.issueId) && Objects.equals(title, s.title)
        && Objects.equals(groupingVersion, s.groupingVersion)
        && Objects.equals(firstVersion, s.firstVersion) && Objects.equals(lastVersion, s.lastVersion)
        && seenVersions.equals(s.seenVersions) && Objects.equals(resolution, s.resolution)
        && Objects.equals(regressedFrom, s.regressedFrom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(appId, issueId, firstSeenMillis, lastSeenMillis, eventsTotal);
  }
}
