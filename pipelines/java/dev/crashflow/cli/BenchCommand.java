package dev.crashflow.cli;

import dev.crashflow.bench.Bench;
import dev.crashflow.bench.BenchCorpus;
import dev.crashflow.bench.BenchProgress;
import dev.crashflow.bench.BenchReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crashflow bench}: generates a seeded corpus with its symbol files and measures, in this
 * process, the single-thread ceiling (Jackson decode + encode), each core stage alone and the
 * whole pipeline on each runner, printing a table and writing {@code bench.json}.
 */
@Command(name = "bench", description = {
    "Measure crashflow on a generated, seeded corpus (JVM, NDK, iOS and Unity crash",
    "events, their mappings and .sym files, sessions, duplicates, bad messages):",
    "  ceiling   Jackson decode + encode of every message, one thread, no Beam",
    "  stages    decode, retrace, native, fingerprint, each alone on one thread",
    "  floor     Beam on Flink alone: read, one shuffle, write every message",
    "  pipeline  the whole pipeline into the local warehouse on each runner",
    "Prints events/s, MB/s, events per CPU-second, CPU per event and peak heap",
    "per part, the pipelines' share of the ceiling and the conservation check,",
    "and writes <out>/bench.json.",
    "Examples:",
    "  bench --events=100000 --runners=flink",
"  bench --events=10000 --apps=50 --runners=flink --parts=pipeline"})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = "--events", defaultValue = "10000", description = "Messages in the corpus (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--apps", defaultValue = "4", description = "Apps, each with 2 releases and 3 symbol files per release (default: ${DEFAULT-VALUE}).")
  int apps;

  @Option(names = "--seed", defaultValue = "20261207", description = "Corpus seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--runners", split = ",", defaultValue = "flink,direct", description = "Runners for the whole pipeline: flink, direct (default: ${DEFAULT-VALUE}).")
  List<String> runners;

  @Option(names = {"--parts", "--stages"}, split = ",", defaultValue = "ceiling,decode,retrace,native,fingerprint,floor,pipeline",
      description = "Parts to run (default: all): ${DEFAULT-VALUE}.")
  List<String> parts;

  @Option(names = "--directEvents", defaultValue = "200", description = "DirectRunner runs only the first N messages: it pays a per-bundle cost and makes a bundle per key (default: ${DEFAULT-VALUE}).")
  long directEvents;

  @Option(names = "--parallelism", defaultValue = "2", description = "Pipeline parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--symbolCacheBytes", defaultValue = "536870912", description = "Symbol cache bound, as the pipeline option (default: ${DEFAULT-VALUE}).")
  long symbolCacheBytes;

  @Option(names = "--out", defaultValue = "crashflow-bench", description = "Folder for the corpus, the pipelines' outputs and bench.json (default: ${DEFAULT-VALUE}); an earlier bench's outputs there are replaced.")
  Path out;

  @Option(names = "--with", description = "A pipeline option for the whole-pipeline runs, repeatable,"
      + " e.g. --with=--useDataStreamForBatch=false (Flink's DataSet engine, to compare settings on the same corpus).")
  List<String> with = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = System.out;
    if (events < 1 || apps < 1 || parallelism < 1 || directEvents < 1) {
      throw new IllegalArgumentException("--events, --apps, --parallelism and --directEvents must be at least 1");
    }
    for (String own : new String[] {"corpus", "pipeline-flink", "pipeline-direct", "bench.json"}) {
      LocalOutputs.deleteTree(out.resolve(own)); // only the bench's own outputs
    }
    Bench.Settings settings = new Bench.Settings(events, apps, seed, runners,
        new LinkedHashSet<>(parts), out, parallelism, symbolCacheBytes, BenchCorpus.DEFAULT_BASE_TIME,
        directEvents, List.copyOf(with));
    BenchReport report;
    try (BenchProgress progress = new BenchProgress(stdout, System.console() != null)) {
      report = Bench.run(settings, stdout, progress);
    }
    stdout.println();
    report.print(stdout);
    Path json = out.resolve("bench.json");
    report.writeJson(json);
    stdout.println("\nfigures written to " + json.toAbsolutePath());
    return 0;
  }
}
