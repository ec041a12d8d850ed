package dev.crashflow.issues;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One issue's events in one event-time window, summed up: count, first and last event, the
 * title of the latest event, and per app version (with build) the count and the time of its
 * latest event. It is a mergeable accumulator (the windowed combine builds it) and the result is
 * the same whatever order events and partial sums arrive in: ties on time break on event id.
 *
 * <p>Bounded: at most {@value #MAX_VERSIONS} versions are kept, the highest ones (a top-k, so
 * still order-independent); events of dropped versions count in {@code count} only.
 */
public final class WindowSummary implements Serializable {
  public static final int MAX_VERSIONS = 32;

  String appId;
  String issueId;
  long count;
  long firstMillis = Long.MAX_VALUE;
  String firstEventId;
  AppVersion firstVersion = AppVersion.UNKNOWN;
  long lastMillis = Long.MIN_VALUE;
  String lastEventId;
  String title;
  String groupingVersion;
  final TreeMap<AppVersion, VersionCount> versions = new TreeMap<>();
  /** Set once the window is known (after the combine); {@code late} for a late pane. */
  long windowStart;
  long windowEnd;
  boolean late;

  /** Events of one version in the window: how many, and when the latest was. */
  static final class VersionCount implements Serializable {
    long count;
    long lastMillis = Long.MIN_VALUE;

    VersionCount(long count, long lastMillis) {
      this.count = count;
      this.lastMillis = lastMillis;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof VersionCount v && v.count == count && v.lastMillis == lastMillis;
    }

    @Override
    public int hashCode() {
      return Objects.hash(count, lastMillis);
    }
  }

  public WindowSummary add(IssueEvent e) {
    appId = e.appId();
    issueId = e.issueId();
    count++;
    if (before(e.timestampMillis(), e.eventId(), firstMillis, firstEventId)) {
      firstMillis = e.timestampMillis();
      firstEventId = e.eventId();
      firstVersion = e.version();
    }
    if (before(lastMillis, lastEventId, e.timestampMillis(), e.eventId())) {
      lastMillis = e.timestampMillis();
      lastEventId = e.eventId();
      title = e.title();
      groupingVersion = e.groupingVersion();
    }
    if (e.version().known()) {
      addVersion(e.version(), 1, e.timestampMillis());
    }
    return this;
  }

  public WindowSummary merge(WindowSummary o) {
    if (o.count == 0) {
      return this;
    }
    appId = o.appId;
    issueId = o.issueId;
    count += o.count;
    if (before(o.firstMillis, o.firstEventId, firstMillis, firstEventId)) {
      firstMillis = o.firstMillis;
      firstEventId = o.firstEventId;
      firstVersion = o.firstVersion;
    }
    if (before(lastMillis, lastEventId, o.lastMillis, o.lastEventId)) {
      lastMillis = o.lastMillis;
      lastEventId = o.lastEventId;
      title = o.title;
      groupingVersion = o.groupingVersion;
    }
    o.versions.forEach((v, c) -> addVersion(v, c.count, c.lastMillis));
    return this;
  }

  /** A copy placed in its window ({@code late}: a pane after the watermark passed the window). */
  public WindowSummary inWindow(long start, long end, boolean isLate) {
    WindowSummary s = new WindowSummary().merge(this);
    s.windowStart = start;
    s.windowEnd = end;
    s.late = isLate;
    return s;
  }

  private void addVersion(AppVersion v, long n, long at) {
    VersionCount c = versions.get(v);
    if (c == null) {
      versions.put(v, new VersionCount(n, at));
      if (versions.size() > MAX_VERSIONS) {
        versions.pollFirstEntry();
      }
    } else {
      c.count += n;
      c.lastMillis = Math.max(c.lastMillis, at);
    }
  }

  /** Whether (t1, id1) comes strictly before (t2, id2); a null id sorts last. */
  private static boolean before(long t1, String id1, long t2, String id2) {
    if (t1 != t2) {
      return t1 < t2;
    }
    if (id1 == null || id2 == null) {
      return id1 != null;
    }
    return id1.compareTo(id2) < 0;
  }

  public String appId() {
    return appId;
  }

  public String issueId() {
    return issueId;
  }

  public long count() {
    return count;
  }

  public long windowStart() {
    return windowStart;
  }

  public long windowEnd() {
    return windowEnd;
  }

  public boolean late() {
    return late;
  }

  /** Versions in the window with their event counts, lowest first. */
  public Map<AppVersion, Long> versionCounts() {
    Map<AppVersion, Long> out = new TreeMap<>();
    versions.forEach((v, c) -> out.put(v, c.count));
    return out;
  }

  // Value equality: runners compare accumulators and elements by value.
  @Override
  public boolean equals(Object o) {
    return o instanceof WindowSummary s && count == s.count && firstMillis == s.firstMillis
        && lastMillis == s.lastMillis && windowStart == s.windowStart && windowEnd == s.windowEnd
        && late == s.late && Objects.equals(appId, s.appId) && Objects.equals(issueId, s.issueId)
        && Objects.equals(firstEventId, s.firstEventId) && Objects.equals(lastEventId, s.lastEventId)
        && Objects.equals(firstVersion, s.firstVersion) && Objects.equals(title, s.title)
        && Objects.equals(groupingVersion, s.groupingVersion) && versions.equals(s.versions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(appId, issueId, count, firstMillis, lastMillis, windowStart);
  }

  @Override
  public String toString() {
    return "WindowSummary[" + IssueEvent.key(appId, issueId) + " " + windowStart + ".." + windowEnd
        + (late ? " late" : "") + " count=" + count + " versions=" + versionCounts() + "]";
  }
}
