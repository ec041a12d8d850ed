package dev.crashflow.transforms;

import dev.crashflow.issues.Resolutions;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issue resolutions file (JSON lines, local or {@code gs://}, format in {@link Resolutions}),
 * read through Beam's file systems by each worker and re-read every {@code refresh} of processing
 * time, so a streaming job sees new resolutions without a restart or a side input. Chosen over a
 * periodically refreshed side input because it works the same on every runner and needs no extra
 * graph; the price is one small read per worker thread per refresh.
 *
 * <p>A file that cannot be read leaves the last good copy in force (empty before the first) and
 * is logged and counted ({@code issue_resolutions_load_failed}); bad lines are skipped and
 * counted ({@code issue_resolutions_bad_lines}). Neither stops tracking.
 */
final class ResolutionsFile implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(ResolutionsFile.class);

  private final String path;
  private final long refreshMillis;
  private final Counter failed = Metrics.counter("crashflow", "issue_resolutions_load_failed");
  private final Counter badLines = Metrics.counter("crashflow", "issue_resolutions_bad_lines");
  private transient Resolutions current;
  private transient long loadedAt;

  private ResolutionsFile(String path, long refreshMillis) {
    this.path = path;
    this.refreshMillis = refreshMillis;
  }

  static ResolutionsFile none() {
    return new ResolutionsFile("", Long.MAX_VALUE);
  }

  static ResolutionsFile at(String path, Duration refresh) {
    return new ResolutionsFile(path == null ? "" : path.trim(), refresh.getMillis());
  }

  /** The resolutions in force at processing time {@code now}, reloading when due. */
  Resolutions current(long now) {
    if (path.isEmpty()) {
      return Resolutions.NONE;
    }
    if (current == null || now - loadedAt >= refreshMillis) {
      loadedAt = now;
      Resolutions loaded = load();
      if (loaded != null) {
        current = loaded;
      } else if (current == null) {
        current = Resolutions.NONE;
      }
    }
    return current;
  }

  private Resolutions load() {
    try {
      MatchResult.Metadata file = FileSystems.matchSingleFileSpec(path);
      try (Reader in = new InputStreamReader(
          Channels.newInputStream(FileSystems.open(file.resourceId())), StandardCharsets.UTF_8)) {
        Resolutions r = Resolutions.parse(in);
        if (r.badLines() > 0) {
          badLines.inc(r.badLines());
          LOG.warn("issue resolutions {}: skipped {} bad line(s); first: {}", path, r.badLines(),
              r.firstProblem());
        }
        return r;
      }
    } catch (IOException | RuntimeException e) {
      failed.inc();
      LOG.error("cannot read issue resolutions {} (keeping the last good copy): {}", path, e.toString());
      return null;
    }
  }
}
