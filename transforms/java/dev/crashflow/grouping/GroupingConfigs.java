package dev.crashflow.grouping;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Per-app grouping rules, read from a {@link RuleSource} when an app is first seen and again once
 * {@code refreshMillis} have passed, so a team's rule change reaches running workers without a
 * restart. Unchanged files keep the parsed rules (and their warm frame cache).
 *
 * <p>A file that cannot be read or parsed never stops grouping: the listener hears of it (the
 * pipeline logs and counts it) and the app keeps its last good rules, or the built-ins. The
 * failure is retried at the next refresh, not on every event. Thread-safe.
 */
public final class GroupingConfigs implements Function<String, GroupingConfig> {
  private static final int MAX_APPS = 10_000;

  /** Hears about rule files that failed to load. */
  public interface Listener {
    void failed(String appId, Exception problem);
  }

  private record Entry(GroupingConfig config, long loadedAt, String enhancements, String fingerprints) {}

  private final RuleSource source;
  private final long refreshMillis;
  private final LongSupplier clock;
  private final Listener listener;
  private final ConcurrentHashMap<String, Entry> apps = new ConcurrentHashMap<>();

  public GroupingConfigs(RuleSource source, long refreshMillis, LongSupplier clock, Listener listener) {
    this.source = Objects.requireNonNull(source, "source");
    this.refreshMillis = refreshMillis;
    this.clock = clock;
    this.listener = listener;
  }

  /** The rules for an app's events (the built-ins for apps without own rules). */
  @Override
  public GroupingConfig apply(String appId) {
    if (!RuleSource.usableAppId(appId)) {
      return GroupingConfig.builtIn();
    }
    long now = clock.getAsLong();
    Entry e = apps.get(appId);
    if (e != null && now - e.loadedAt < refreshMillis) {
      return e.config;
    }
    if (apps.size() >= MAX_APPS) {
      apps.clear();
    }
    Entry fresh = load(appId, e, now);
    apps.put(appId, fresh);
    return fresh.config;
  }

  private Entry load(String appId, Entry previous, long now) {
    GroupingConfig fallback = previous == null ? GroupingConfig.builtIn() : previous.config;
    String enh;
    String fp;
    try {
      enh = source.read(appId, RuleSource.ENHANCEMENTS);
      fp = source.read(appId, RuleSource.FINGERPRINTS);
    } catch (Exception ex) {
      listener.failed(appId, ex);
      return new Entry(fallback, now, previous == null ? null : previous.enhancements,
          previous == null ? null : previous.fingerprints);
    }
    if (previous != null && Objects.equals(enh, previous.enhancements)
        && Objects.equals(fp, previous.fingerprints)) {
      return new Entry(previous.config, now, enh, fp);
    }
    try {
      GroupingConfig config = GroupingConfig.withAppRules(
          enh, source.describe(appId, RuleSource.ENHANCEMENTS),
          fp, source.describe(appId, RuleSource.FINGERPRINTS));
      return new Entry(config, now, enh, fp);
    } catch (RuntimeException ex) { // RuleSyntaxException, or anything a broken file provokes
      listener.failed(appId, ex);
      // Remember the bad texts: the same broken file is not parsed (and reported) again.
      return new Entry(fallback, now, enh, fp);
    }
  }
}
