package dev.crashflow.issues;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
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

  /**
   * Writes every field, versions lowest first, for the pipeline's compact coder (which adds its
   * format byte): a binary form without Java serialization's class descriptors, and canonical
   * (equal summaries write equal bytes, since the versions are sorted). The fields stay private to
   * this package; {@link #readFrom} is the inverse.
   */
  public void writeTo(DataOutput out) throws IOException {
    writeString(out, appId);
    writeString(out, issueId);
    out.writeLong(count);
    out.writeLong(firstMillis);
    writeString(out, firstEventId);
    writeVersion(out, firstVersion);
    out.writeLong(lastMillis);
    writeString(out, lastEventId);
    writeString(out, title);
    writeString(out, groupingVersion);
    out.writeInt(versions.size());
    for (Map.Entry<AppVersion, VersionCount> v : versions.entrySet()) {
      writeVersion(out, v.getKey());
      out.writeLong(v.getValue().count);
      out.writeLong(v.getValue().lastMillis);
    }
    out.writeLong(windowStart);
    out.writeLong(windowEnd);
    out.writeBoolean(late);
  }

  /** A summary as written by {@link #writeTo}. */
  public static WindowSummary readFrom(DataInput in) throws IOException {
    WindowSummary s = new WindowSummary();
    s.appId = readString(in);
    s.issueId = readString(in);
    s.count = in.readLong();
    s.firstMillis = in.readLong();
    s.firstEventId = readString(in);
    s.firstVersion = readVersion(in);
    s.lastMillis = in.readLong();
    s.lastEventId = readString(in);
    s.title = readString(in);
    s.groupingVersion = readString(in);
    int n = in.readInt();
    if (n < 0 || n > MAX_VERSIONS) {
      throw new IOException("window summary with " + n + " versions (at most " + MAX_VERSIONS + ")");
    }
    for (int i = 0; i < n; i++) {
      AppVersion v = readVersion(in);
      s.versions.put(v, new VersionCount(in.readLong(), in.readLong()));
    }
    s.windowStart = in.readLong();
    s.windowEnd = in.readLong();
    s.late = in.readBoolean();
    return s;
  }

  /** -1 for null, else the UTF-8 length and bytes (not writeUTF: it stops at 64 KiB). */
  private static void writeString(DataOutput out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < -1) {
      throw new IOException("bad string length " + n);
    }
    if (n == -1) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A presence flag, then version and build (an unknown version is two nulls, not null). */
  private static void writeVersion(DataOutput out, AppVersion v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      writeString(out, v.version());
      writeString(out, v.build());
    }
  }

  private static AppVersion readVersion(DataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    String version = readString(in);
    String build = readString(in);
    return version == null && build == null ? AppVersion.UNKNOWN : new AppVersion(version, build);
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
