package dev.crashflow.symbolicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.crashflow.retrace.MappingFile;
import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The symbol store: ProGuard/R8 mappings and Breakpad {@code .sym} files under one root, a local
 * directory or {@code gs://bucket/prefix}, read through Beam's {@link FileSystems}, laid out as
 * {@link StoreLayout} says.
 *
 * <p>Parsed files are cached per worker (one store per root and bound, shared by every DoFn
 * instance of the JVM) in a Caffeine cache bounded by an estimate of their retained bytes; a file
 * is loaded once even when many threads ask for it at once. Absent files are remembered for
 * {@link #MISS_TTL_MINUTES} minutes, so a missing symbol does not cost a lookup per event but a
 * new upload is picked up soon.
 */
public final class SymbolStore implements SymbolSource {
  static final long MISS_TTL_MINUTES = 5;
  private static final Cache<String, SymbolStore> SHARED = Caffeine.newBuilder().weakValues().build();

  private final String root;
  private final Cache<String, Optional<Object>> cache;

  private SymbolStore(String root, long maxBytes) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((String key, Optional<Object> value) -> weight(value))
        .expireAfter(new Expiry<String, Optional<Object>>() {
          @Override
          public long expireAfterCreate(String key, Optional<Object> value, long now) {
            return value.isPresent() ? Long.MAX_VALUE : TimeUnit.MINUTES.toNanos(MISS_TTL_MINUTES);
          }

          @Override
          public long expireAfterUpdate(String key, Optional<Object> value, long now, long current) {
            return expireAfterCreate(key, value, now);
          }

          @Override
          public long expireAfterRead(String key, Optional<Object> value, long now, long current) {
            return current;
          }
        })
        .recordStats()
        .build();
  }

  /**
   * The store a job shares across its DoFn instances in one worker JVM: one per root, memory bound
   * and {@code job} (a token made once per pipeline run), so a replay job in a long-lived worker
   * (a Flink TaskManager runs many jobs) starts without the previous job's cached misses. Kept
   * while some DoFn instance holds it (weak values), then collected.
   */
  public static SymbolStore shared(String root, long maxBytes, String job) {
    return SHARED.get(root + "|" + maxBytes + "|" + job, k -> new SymbolStore(root, maxBytes));
  }

  /** A store of its own, for tools and tests. */
  public static SymbolStore open(String root, long maxBytes) {
    return new SymbolStore(root, maxBytes);
  }

  @Override
  public Retracer mapping(String uuid) throws IOException {
    return (Retracer) load(StoreLayout.mapping(uuid), true);
  }

  @Override
  public Retracer mappingForRelease(String appId, String version, String build) throws IOException {
    if (appId == null || version == null) {
      return null;
    }
    return (Retracer) load(StoreLayout.releaseMapping(appId, version, build), true);
  }

  @Override
  public SymbolIndex nativeSymbols(DebugId debugId, String debugFile) throws IOException {
    return (SymbolIndex) load(StoreLayout.symbols(debugId, debugFile), false);
  }

  /** Cache statistics, for the counters: hits, misses, loads, evictions. */
  public com.github.benmanes.caffeine.cache.stats.CacheStats stats() {
    return cache.stats();
  }

  private Object load(String relative, boolean mapping) throws IOException {
    try {
      return cache.get(relative, key -> read(key, mapping)).orElse(null);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Optional<Object> read(String relative, boolean mapping) {
    String path = root + "/" + relative;
    try {
      MatchResult match = FileSystems.match(path);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return Optional.empty();
      }
      MatchResult.Metadata meta = match.metadata().get(0);
      ResourceId id = meta.resourceId();
      try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
        if (mapping) {
          return Optional.of(MappingFile.parseLenient(new InputStreamReader(in, StandardCharsets.UTF_8)));
        }
        return Optional.of(SymbolIndex.read(in, meta.sizeBytes()));
      }
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static int weight(Optional<Object> value) {
    if (value.isEmpty()) {
      return 64;
    }
    Object v = value.get();
    long bytes = v instanceof SymbolIndex s ? s.residentBytes()
        : v instanceof Retracer r ? 200L * (r.classCount() + r.memberCount()) : 1024;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes));
  }

  /** Every {@code .sym} file and mapping under the root, for tools (upload, listing). */
  public List<MatchResult.Metadata> list() throws IOException {
    return FileSystems.match(root + "/**").metadata();
  }
}
