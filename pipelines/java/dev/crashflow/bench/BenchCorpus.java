package dev.crashflow.bench;

import dev.crashflow.bench.BenchApp.Kind;
import dev.crashflow.bench.BenchApp.Release;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;

/**
 * The benchmark corpus: {@code events.jsonl} (one message per line, as the file input reads
 * them) and a symbol store with every app release's mapping and {@code .sym} files. Messages are
 * crash events of four kinds in fixed shares (JVM 45%, NDK 20%, iOS 15%, Unity 20%), plus
 * release-health sessions (5%), re-sent duplicates (3%) and bad messages (2%: malformed JSON, a
 * bad timestamp, a missing event id, a non-object). Everything depends only on the seed, the
 * sizes and {@link Spec#baseTime}: the same arguments write the same bytes.
 */
public final class BenchCorpus {
  /** What to generate. Event times spread over the two days before {@code baseTime}. */
  public record Spec(long messages, int apps, long seed, Instant baseTime) {}

  /** What was written, for the report and the conservation check. */
  public record Written(Path events, Path symbols, int apps, long messages, long crashEvents, long sessions,
      long duplicates, long bad, long bytes, long symbolBytes, int symbolFiles,
      Map<Kind, Long> kinds, long baseTimeMillis) {
    public double averageEventBytes() {
      return messages == 0 ? 0 : (double) bytes / messages;
    }
  }

  public static final Instant DEFAULT_BASE_TIME = Instant.parse("2026-12-01T00:00:00Z");
  private static final double[] KIND_SHARE = {0.45, 0.20, 0.15, 0.20};
  private static final double SESSIONS = 0.05;
  private static final double DUPLICATES = 0.03;
  private static final double BAD = 0.02;
  private static final long SPREAD_MILLIS = 2L * 24 * 3600 * 1000;

  private BenchCorpus() {}

  /** Writes the corpus under {@code dir}; {@code progress} receives the messages written so far. */
  public static Written write(Spec spec, Path dir, LongConsumer progress) throws IOException {
    Files.createDirectories(dir);
    Path events = dir.resolve("events.jsonl");
    Path store = dir.resolve("symbols");
    List<BenchApp> apps = new ArrayList<>();
    long symbolBytes = 0;
    for (int a = 0; a < spec.apps(); a++) {
      BenchApp app = new BenchApp(a, spec.seed());
      symbolBytes += app.writeSymbols(store, spec.seed());
      apps.add(app);
    }
    Random r = new Random(spec.seed());
    BenchEvents writer = new BenchEvents();
    Map<Kind, Long> kinds = new EnumMap<>(Kind.class);
    List<byte[]> recent = new ArrayList<>();
    long crash = 0;
    long sessions = 0;
    long dupes = 0;
    long bad = 0;
    long bytes = 0;
    long start = spec.baseTime().toEpochMilli() - SPREAD_MILLIS;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(events), 1 << 16)) {
      for (long i = 0; i < spec.messages(); i++) {
        long millis = start + (SPREAD_MILLIS * i) / Math.max(1, spec.messages()) + r.nextInt(60_000);
        BenchApp app = apps.get(pickApp(r, apps.size()));
        Release rel = app.releases.get(r.nextInt(4) == 0 ? 0 : 1);
        double u = r.nextDouble();
        byte[] line;
        if (u < BAD) {
          line = badMessage(r, millis);
          bad++;
        } else if (u < BAD + DUPLICATES && !recent.isEmpty()) {
          line = recent.get(r.nextInt(recent.size()));
          dupes++;
        } else if (u < BAD + DUPLICATES + SESSIONS) {
          line = session(app, rel, r, millis);
          sessions++;
        } else {
          Kind kind = pickKind(r);
          String id = String.format("%016x%016x", r.nextLong(), i);
          line = writer.event(app, rel, app.pickBug(kind, r), id, millis, r);
          kinds.merge(kind, 1L, Long::sum);
          crash++;
          if (recent.size() < 64) {
            recent.add(line);
          } else {
            recent.set(r.nextInt(64), line);
          }
        }
        out.write(line);
        out.write('\n');
        bytes += line.length + 1;
        if ((i & 1023) == 0) {
          progress.accept(i);
        }
      }
    }
    progress.accept(spec.messages());
    return new Written(events, store, spec.apps(), spec.messages(), crash, sessions, dupes, bad, bytes,
        symbolBytes, spec.apps() * 6, kinds, spec.baseTime().toEpochMilli());
  }

  /** Apps get traffic by a power law: a few big apps and a long tail. */
  private static int pickApp(Random r, int apps) {
    if (apps == 1) {
      return 0;
    }
    double x = Math.pow(r.nextDouble(), 2.0);
    return (int) Math.min(apps - 1, x * apps);
  }

  private static Kind pickKind(Random r) {
    double u = r.nextDouble();
    double sum = 0;
    for (Kind k : Kind.values()) {
      sum += KIND_SHARE[k.ordinal()];
      if (u < sum) {
        return k;
      }
    }
    return Kind.UNITY;
  }

  private static byte[] session(BenchApp app, Release rel, Random r, long millis) {
    String ts = Instant.ofEpochMilli(millis).toString();
    return ("{\"sid\":\"" + new java.util.UUID(r.nextLong(), r.nextLong()) + "\",\"did\":\"user-"
        + r.nextInt(5000) + "\",\"init\":" + r.nextBoolean() + ",\"started\":\""
        + Instant.ofEpochMilli(millis - 300_000).toString() + "\",\"timestamp\":\"" + ts
        + "\",\"status\":\"" + (r.nextInt(20) == 0 ? "crashed" : "exited")
        + "\",\"errors\":0,\"duration\":" + (1 + r.nextInt(3000)) + ".5,\"attrs\":{\"release\":\""
        + app.id + "@" + rel.version() + "+" + rel.build()
        + "\",\"environment\":\"production\"}}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] badMessage(Random r, long millis) {
    String id = String.format("%032x", r.nextLong() & Long.MAX_VALUE);
    String ts = Instant.ofEpochMilli(millis).toString();
    String s = switch (r.nextInt(4)) {
      case 0 -> "{\"event_id\":\"" + id + "\",\"timestamp\":\"" + ts + "\",\"platform\":\"java\",\"exce";
      case 1 -> "{\"event_id\":\"" + id + "\",\"timestamp\":\"the day before yesterday\",\"platform\":\"java\"}";
      case 2 -> "{\"timestamp\":\"" + ts + "\",\"platform\":\"native\",\"level\":\"fatal\"}";
      default -> "[\"" + id + "\"]";
    };
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
