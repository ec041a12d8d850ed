package dev.crashflow.bench;

import dev.crashflow.cli.Counters;
import dev.crashflow.pipelines.CrashPipeline;
import dev.crashflow.pipelines.CrashflowOptions;
import dev.crashflow.pipelines.IoOverrides;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs the whole pipeline (read, decode, dedup, archive, symbolicate, group, counts, issue
 * tracking, every table into the local warehouse) over the corpus in this process, and reads
 * back its counters for the conservation check.
 */
final class PipelineBench {
  /** Runners {@code bench} knows, by the name given to {@code --runners}. */
  static final Map<String, String> RUNNERS = Map.of("flink", "FlinkRunner", "direct", "DirectRunner");

  /** The tables whose files are read back and counted against their sinks' counters. */
  private static final List<String> READ_BACK = List.of("crash_events", "sessions", "dead_letters");

  private PipelineBench() {}

  /** The pipeline arguments for one runner; every event of the corpus is in range. */
  static List<String> arguments(String runner, BenchCorpus.Written corpus, Path output,
      long cacheBytes, int parallelism) {
    String beamRunner = beamRunner(runner);
    List<String> args = new ArrayList<>(List.of(
        "--runner=" + beamRunner,
        "--input=" + corpus.events(),
        "--symbols=" + corpus.symbols(),
        "--output=" + output,
        "--symbolCacheBytes=" + cacheBytes,
        // The corpus has fixed event times (reproducible); accept them whenever it runs.
        "--maxEventAge=36500d",
        "--maxFutureSkew=36500d"));
    if (beamRunner.equals("FlinkRunner")) {
      args.add("--parallelism=" + parallelism);
    } else {
      args.add("--targetParallelism=" + parallelism);
    }
    return args;
  }

  /** The Beam runner for a name given to {@code --runners}. */
  static String beamRunner(String runner) {
    String beamRunner = RUNNERS.get(runner);
    if (beamRunner == null) {
      throw new IllegalArgumentException("unknown runner '" + runner + "'; known: flink, direct");
    }
    return beamRunner;
  }

  /**
   * A pipeline run to its end: its result, wall and process CPU seconds, the JIT's share of that
   * CPU ({@link Meter#compileSeconds}), and peak heap.
   */
  record Finished(PipelineResult result, double wall, double cpu, double jit, long peak) {
    /** Runs {@code p} to its end; fails unless it finished ({@code what} names it). */
    static Finished of(Pipeline p, Meter meter, String what) {
      PipelineResult result = p.run();
      PipelineResult.State state = result.waitUntilFinish();
      Finished f = new Finished(result, meter.wallSeconds(), meter.processCpuSeconds(),
          meter.compileSeconds(), Meter.peakHeapBytes());
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException(what + " ended in state " + state);
      }
      return f;
    }
  }

  /** Adds {@code --with}'s options to {@code args}, each replacing the bench's own of that name. */
  static void override(List<String> args, List<String> extraOptions) {
    for (String extra : extraOptions) {
      String name = extra.contains("=") ? extra.substring(0, extra.indexOf('=') + 1) : extra;
      args.removeIf(a -> a.startsWith(name));
      args.add(extra);
    }
  }

  /** Options the stages use too, so they decode with the pipeline's limits. */
  static CrashflowOptions options(List<String> args) {
    return CrashPipeline.options(args.toArray(String[]::new));
  }

  static Figures run(String runner, BenchCorpus.Written corpus, Path input, Path output,
      long cacheBytes, int parallelism, List<String> extraOptions) {
    List<String> args = arguments(runner, corpus, output, cacheBytes, parallelism);
    args.set(1, "--input=" + input);
    override(args, extraOptions);
    CrashflowOptions options = options(args);
    Meter meter = Meter.start();
    Pipeline p = Pipeline.create(options);
    CrashPipeline.build(p, options, IoOverrides.NONE);
    Finished run = Finished.of(p, meter, "the pipeline on " + runner);
    Map<String, Long> c = Counters.of(run.result(), true);
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("read", c.getOrDefault("read_messages", 0L));
    counts.put("crash_events", c.getOrDefault("rows_written_crash_events", 0L));
    counts.put("sessions", c.getOrDefault("rows_written_sessions", 0L));
    counts.put("dead_letters", c.getOrDefault("rows_written_dead_letters", 0L));
    counts.put("duplicates", c.getOrDefault("dedup_duplicates_dropped", 0L));
    counts.put("issues", c.getOrDefault("rows_written_issues", 0L));
    counts.put("crash_counts", c.getOrDefault("rows_written_crash_counts", 0L));
    counts.put("symbolicated", c.getOrDefault("symbolicate_symbolicated", 0L));
    counts.put("missing_symbols", c.getOrDefault("symbolicate_missing_symbols", 0L));
    counts.put("jit_compile_ms", Math.round(run.jit() * 1e3));
    // What the tables hold, read back from the files: the counters say what the steps handed to
    // the sinks, the files what the sinks kept.
    for (String table : READ_BACK) {
      counts.put("rows_in_" + table, rowsIn(Path.of(options.getOutput(), "warehouse", table)));
    }
    long bytes = input.equals(corpus.events()) ? corpus.bytes() : sizeOf(input);
    return new Figures("pipeline " + runner, "parallelism " + parallelism, counts.get("read"),
        bytes, run.wall(), run.cpu(), run.peak(), counts);
  }

  /**
   * The first {@code messages} lines of the corpus in a file of their own, for a runner too slow
   * for the whole corpus; the corpus itself when it is no longer.
   */
  static Path prefix(BenchCorpus.Written corpus, long messages) throws java.io.IOException {
    if (messages >= corpus.messages()) {
      return corpus.events();
    }
    Path file = corpus.events().resolveSibling("events-first-" + messages + ".jsonl");
    try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(corpus.events());
        java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(file)) {
      String line;
      for (long i = 0; i < messages && (line = in.readLine()) != null; i++) {
        out.write(line);
        out.write('\n');
      }
    }
    return file;
  }

  private static long sizeOf(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * True when every message read is a row, a dead letter or a dropped duplicate, and the table
   * files hold every row the sinks were handed.
   */
  static boolean conserved(Map<String, Long> counts) {
    return counts.get("read") == counts.get("crash_events") + counts.get("sessions")
        + counts.get("dead_letters") + counts.get("duplicates")
        && tablesComplete(counts);
  }

  /** True when the files of each checked table hold as many rows as its sink was handed. */
  static boolean tablesComplete(Map<String, Long> counts) {
    for (String table : READ_BACK) {
      Long rows = counts.get("rows_in_" + table);
      if (rows != null && !rows.equals(counts.get(table))) {
        return false;
      }
    }
    return true;
  }

  /** Lines in the files of a local table folder (0 when there is none). */
  static long rowsIn(Path folder) {
    if (!java.nio.file.Files.isDirectory(folder)) {
      return 0;
    }
    long lines = 0;
    byte[] buf = new byte[1 << 16];
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
      for (Path f : (Iterable<Path>) files.filter(java.nio.file.Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))::iterator) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(f)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            for (int i = 0; i < n; i++) {
              if (buf[i] == '\n') {
                lines++;
              }
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lines;
  }
}
