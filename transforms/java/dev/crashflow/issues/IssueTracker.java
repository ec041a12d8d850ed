package dev.crashflow.issues;

import dev.crashflow.issues.IssueSignal.Type;
import dev.crashflow.issues.Resolutions.Resolution;
import dev.crashflow.issues.WindowSummary.VersionCount;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The issue lifecycle as a pure function: (state, one window of the issue's events, the
 * resolution in force) -> (new state, signals). The Beam step around it only decides the order
 * windows come in (event-time order) and stores the state, so batch and streaming runs of the
 * same data give the same signals.
 *
 * <ul>
 *   <li><b>NEW_ISSUE</b>: the issue's first window (no state, or state expired: no event for
 *       {@code ttl} of event time before this window's first event).
 *   <li><b>NEW_IN_RELEASE</b>: a version (ignoring build) not seen before for this issue and
 *       later than the version of its first event (or, when that had none, than the lowest seen).
 *       Earlier versions are old builds still in use, not news; versions in the issue's first
 *       window are covered by NEW_ISSUE. Only the {@value IssueState#MAX_SEEN_VERSIONS} highest
 *       versions are remembered, and versions below them count as seen.
 *   <li><b>REGRESSED</b>: the issue is marked resolved in version R and the window has events of
 *       a version later than R ({@link AppVersion#isLaterThan}, build as tie-break) whose latest
 *       event is after {@code resolved_at} (when given). Once per resolution: a new resolution
 *       row (another version or time) arms it again.
 *   <li><b>SPIKING</b>: the window's count is at least {@code max(spikeMinEvents, spikeFactor x
 *       baseline)}, the baseline being an exponentially weighted moving average of events per
 *       window with half-life {@code spikeHalfLife} (empty windows count as zero; it starts at the
 *       first window's count). At most one SPIKING per issue per half-life.
 * </ul>
 *
 * <p>A window older than the newest one folded in (late data in streaming) updates counts,
 * first/last seen and versions, and may signal NEW_IN_RELEASE or REGRESSED. Its events are added
 * to the baseline at their age, and it can signal SPIKING only while it is one of the latest
 * {@value IssueState#RECENT_WINDOWS} windows (its total so far against the current baseline): a
 * spike is about now.
 */
public final class IssueTracker implements Serializable {

  /** Tuning; {@link #defaults()} are what the pipeline options default to. */
  public record Settings(long ttlMillis, double spikeFactor, long spikeMinEvents, long spikeHalfLifeMillis)
      implements Serializable {
    public Settings {
      if (ttlMillis <= 0 || spikeHalfLifeMillis <= 0) {
        throw new IllegalArgumentException("ttl and spike half-life must be positive");
      }
      if (!(spikeFactor >= 1) || spikeMinEvents < 1) {
        throw new IllegalArgumentException("spikeFactor must be >= 1 and spikeMinEvents >= 1");
      }
    }

    public static Settings defaults() {
      return new Settings(90L * 86_400_000L, 5.0, 20, 6L * 3_600_000L);
    }
  }

  /** The result of one update; {@code expired}: the previous state had outlived the TTL. */
  public record Update(IssueState state, List<IssueSignal> signals, boolean expired) {}

  private final Settings settings;

  public IssueTracker(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Folds one window into the state.
   *
   * @param previous the issue's state, or null when there is none
   * @param resolution the resolution in force for the issue, or null
   */
  public Update update(IssueState previous, WindowSummary w, Resolution resolution) {
    if (w.count == 0) {
      throw new IllegalArgumentException("an empty window cannot update an issue");
    }
    boolean expired = previous != null && w.firstMillis - previous.lastSeenMillis >= settings.ttlMillis();
    IssueState prev = expired ? null : previous;
    List<IssueSignal> signals = new ArrayList<>();
    List<Map.Entry<AppVersion, Long>> releases = releases(w);
    IssueState s;
    if (prev == null) {
      s = new IssueState();
      s.appId = w.appId;
      s.issueId = w.issueId;
      s.firstSeenMillis = w.firstMillis;
      s.firstVersion = w.firstVersion;
      s.lastSeenMillis = w.lastMillis;
      s.title = w.title;
      s.groupingVersion = w.groupingVersion;
      s.eventsTotal = w.count;
      s.baseline = w.count;
      s.baselineUntilMillis = w.windowEnd;
      s.trackedSinceMillis = w.windowStart;
      s.recent.add(new long[] {w.windowStart, w.count});
      signals.add(signal(Type.NEW_ISSUE, s, w, s.firstVersion.version(), w.count, 0, null));
    } else {
      s = prev.copy();
      s.eventsTotal += w.count;
      if (w.firstMillis < s.firstSeenMillis) {
        s.firstSeenMillis = w.firstMillis;
        s.firstVersion = w.firstVersion;
      }
      if (w.lastMillis >= s.lastSeenMillis) {
        s.lastSeenMillis = w.lastMillis;
        s.title = w.title;
        s.groupingVersion = w.groupingVersion;
      }
      AppVersion reference = prev.firstVersion.known() ? prev.firstVersion.withoutBuild()
          : prev.seenVersions.isEmpty() ? null : new AppVersion(prev.seenVersions.get(0), null);
      for (Map.Entry<AppVersion, Long> r : releases) {
        if (reference != null && r.getKey().isLaterThan(reference) && !seen(prev, r.getKey())) {
          signals.add(signal(Type.NEW_IN_RELEASE, s, w, r.getKey().version(), r.getValue(), 0, null));
        }
      }
      if (w.windowStart >= prev.baselineUntilMillis) {
        spike(s, prev, w, releases, signals);
      } else {
        lateSpike(s, prev, w, releases, signals);
      }
    }
    for (Map.Entry<AppVersion, Long> r : releases) {
      addSeen(s, r.getKey().version());
    }
    if (!w.versions.isEmpty() && w.versions.lastKey().compareTo(s.lastVersion) > 0) {
      s.lastVersion = w.versions.lastKey();
    }
    s.revision++;
    s.resolution = resolution == null || resolution.reopens() ? null : resolution;
    regression(s, w, signals);
    return new Update(s, signals, expired);
  }

  private void spike(IssueState s, IssueState prev, WindowSummary w,
      List<Map.Entry<AppVersion, Long>> releases, List<IssueSignal> signals) {
    double halfLife = settings.spikeHalfLifeMillis();
    double baseline = prev.baseline * Math.pow(0.5, (w.windowStart - prev.baselineUntilMillis) / halfLife);
    double threshold = Math.max(settings.spikeMinEvents(), settings.spikeFactor() * baseline);
    boolean cooledDown = prev.lastSpikeMillis == Long.MIN_VALUE
        || w.windowStart - prev.lastSpikeMillis >= settings.spikeHalfLifeMillis();
    if (w.count >= threshold && cooledDown) {
      String version = releases.isEmpty() ? null : releases.get(releases.size() - 1).getKey().version();
      signals.add(signal(Type.SPIKING, s, w, version, w.count, baseline, null));
      s.lastSpikeMillis = w.windowStart;
    }
    double alpha = 1 - Math.pow(0.5, (w.windowEnd - w.windowStart) / halfLife);
    s.baseline = baseline * (1 - alpha) + alpha * w.count;
    s.baselineUntilMillis = w.windowEnd;
    s.recent.add(new long[] {w.windowStart, w.count});
    if (s.recent.size() > IssueState.RECENT_WINDOWS) {
      s.recent.remove(0);
    }
  }

  /**
   * A window older than the newest folded one (late data). Its events join the baseline where they
   * belong (the average is linear, so this is exact), and when the window is one of the latest
   * {@value IssueState#RECENT_WINDOWS}, its total so far is checked against the current baseline,
   * once per window and within the same one-per-half-life limit.
   */
  private void lateSpike(IssueState s, IssueState prev, WindowSummary w,
      List<Map.Entry<AppVersion, Long>> releases, List<IssueSignal> signals) {
    double halfLife = settings.spikeHalfLifeMillis();
    long[] recent = s.recent.stream().filter(r -> r[0] == w.windowStart).findFirst().orElse(null);
    if (recent != null) {
      recent[1] += w.count;
      double threshold = Math.max(settings.spikeMinEvents(), settings.spikeFactor() * prev.baseline);
      boolean cooledDown = prev.lastSpikeMillis == Long.MIN_VALUE
          || Math.abs(w.windowStart - prev.lastSpikeMillis) >= settings.spikeHalfLifeMillis();
      if (recent[1] >= threshold && cooledDown) {
        String version = releases.isEmpty() ? null : releases.get(releases.size() - 1).getKey().version();
        signals.add(signal(Type.SPIKING, s, w, version, recent[1], prev.baseline, null));
        s.lastSpikeMillis = Math.max(prev.lastSpikeMillis, w.windowStart);
      }
    }
    double alpha = 1 - Math.pow(0.5, (w.windowEnd - w.windowStart) / halfLife);
    s.baseline += alpha * Math.pow(0.5, (prev.baselineUntilMillis - w.windowEnd) / halfLife) * w.count;
  }

  private static void regression(IssueState s, WindowSummary w, List<IssueSignal> signals) {
    Resolution r = s.resolution;
    if (r == null || r.equals(s.regressedFrom)) {
      return;
    }
    long n = 0;
    AppVersion top = null;
    for (Map.Entry<AppVersion, VersionCount> v : w.versions.entrySet()) {
      boolean afterResolution = r.resolvedAtMillis() == null || v.getValue().lastMillis > r.resolvedAtMillis();
      if (afterResolution && v.getKey().isLaterThan(r.version())) {
        n += v.getValue().count;
        top = v.getKey();
      }
    }
    if (n > 0) {
      signals.add(signal(Type.REGRESSED, s, w, top.version(), n, 0, r.version().label()));
      s.regressedFrom = r;
    }
  }

  /** The window's versions without builds, equivalent spellings merged, ascending, with counts. */
  private static List<Map.Entry<AppVersion, Long>> releases(WindowSummary w) {
    List<Map.Entry<AppVersion, Long>> out = new ArrayList<>();
    for (Map.Entry<AppVersion, VersionCount> v : w.versions.entrySet()) {
      int last = out.size() - 1;
      if (last >= 0 && AppVersion.compareVersions(out.get(last).getKey().version(), v.getKey().version()) == 0) {
        out.set(last, Map.entry(out.get(last).getKey(), out.get(last).getValue() + v.getValue().count));
      } else {
        out.add(Map.entry(v.getKey().withoutBuild(), v.getValue().count));
      }
    }
    return out;
  }

  /** Seen before, or below the remembered range when that is full (an old release). */
  private static boolean seen(IssueState s, AppVersion v) {
    if (s.seenVersions.size() >= IssueState.MAX_SEEN_VERSIONS
        && AppVersion.compareVersions(v.version(), s.seenVersions.get(0)) < 0) {
      return true;
    }
    return s.seenVersions.stream().anyMatch(x -> AppVersion.compareVersions(x, v.version()) == 0);
  }

  private static void addSeen(IssueState s, String version) {
    int i = 0;
    while (i < s.seenVersions.size()) {
      int c = AppVersion.compareVersions(s.seenVersions.get(i), version);
      if (c == 0) {
        return;
      }
      if (c > 0) {
        break;
      }
      i++;
    }
    s.seenVersions.add(i, version);
    if (s.seenVersions.size() > IssueState.MAX_SEEN_VERSIONS) {
      s.seenVersions.remove(0);
    }
  }

  private static IssueSignal signal(Type type, IssueState s, WindowSummary w, String version,
      long count, double baseline, String resolvedIn) {
    return new IssueSignal(type, s.appId, s.issueId, version, w.windowStart, w.windowEnd, count,
        baseline, s.title, s.groupingVersion, resolvedIn);
  }
}
