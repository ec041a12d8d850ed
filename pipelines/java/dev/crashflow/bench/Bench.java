package dev.crashflow.bench;

import dev.crashflow.pipelines.CrashPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code crashflow bench}: writes the corpus, then measures the ceiling, each stage alone, the
 * engine's floor on Flink and the whole pipeline on each runner, in one process, and reports.
 */
public final class Bench {
  /** What to run. {@code parts}: ceiling, the stage names, {@code floor} and {@code pipeline}. */
  public record Settings(long events, int apps, long seed, List<String> runners, Set<String> parts,
      Path out, int parallelism, long symbolCacheBytes, Instant baseTime, long directEvents,
      List<String> pipelineOptions) {}

  public static final List<String> ALL_PARTS =
      List.of("ceiling", "decode", "retrace", "native", "fingerprint", "floor", "pipeline");

  private Bench() {}

  public static BenchReport run(Settings s, PrintStream out, BenchProgress progress)
      throws IOException {
    for (String p : s.parts()) {
      if (!ALL_PARTS.contains(p)) {
        throw new IllegalArgumentException("unknown part '" + p + "'; known: " + ALL_PARTS);
      }
    }
    for (String r : s.runners()) {
      PipelineBench.beamRunner(r); // fails early on an unknown runner
    }
    progress.begin("writing the corpus", s.events());
    BenchCorpus.Written corpus = BenchCorpus.write(
        new BenchCorpus.Spec(s.events(), s.apps(), s.seed(), s.baseTime()),
        s.out().resolve("corpus"), progress::advance);
    out.printf("crashflow bench: corpus of %d messages (%.0f bytes on average), %d apps, in %s%n",
        corpus.messages(), corpus.averageEventBytes(), corpus.apps(), corpus.events().getParent());
    BenchReport report = new BenchReport(corpus, s.parallelism());
    if (s.parts().contains(StageBench.CEILING)) {
      progress.begin("ceiling: Jackson decode + encode, one thread", corpus.messages());
      report.add(done(out, StageBench.ceiling(corpus, progress::advance)));
    }
    Set<String> stages = new LinkedHashSet<>(s.parts());
    stages.retainAll(StageBench.STAGES);
    if (!stages.isEmpty()) {
      progress.begin("stages alone: " + String.join(", ", stages), corpus.messages());
      List<String> args = PipelineBench.arguments("direct", corpus, s.out(), s.symbolCacheBytes(), 1);
      StageBench.stages(corpus, CrashPipeline.limits(PipelineBench.options(args)),
          s.symbolCacheBytes(), stages, progress::advance).forEach(f -> report.add(done(out, f)));
    }
    if (s.parts().contains(EngineFloorBench.PART) && s.runners().contains("flink")) {
      progress.begin("engine floor on flink: read, one shuffle, write (parallelism "
          + s.parallelism() + ")", 0);
      report.add(done(out, EngineFloorBench.run(corpus, s.out().resolve("floor-flink"),
          s.parallelism(), s.pipelineOptions())));
    }
    if (s.parts().contains("pipeline")) {
      for (String runner : s.runners()) {
        progress.begin("whole pipeline on " + runner + " (parallelism " + s.parallelism() + ")", 0);
        Path input = corpus.events();
        if (runner.equals("direct") && s.directEvents() < corpus.messages()) {
          input = PipelineBench.prefix(corpus, s.directEvents());
          out.printf("  (DirectRunner gets the first %d messages: it costs far more per message;"
              + " --directEvents sets how many)%n", s.directEvents());
        }
        report.add(done(out, PipelineBench.run(runner, corpus, input,
            s.out().resolve("pipeline-" + runner), s.symbolCacheBytes(), s.parallelism(),
            s.pipelineOptions())));
      }
    }
    report.finish();
    return report;
  }

  /** Prints a part's headline figures as soon as it is done. */
  private static Figures done(PrintStream out, Figures f) {
    out.printf("\r  %-18s %9d events in %7.2f s wall, %7.2f s CPU: %8.0f events/s, %8.0f per CPU-second%n",
        f.part(), f.events(), f.wallSeconds(), f.cpuSeconds(), f.eventsPerSecond(),
        f.eventsPerCpuSecond());
    return f;
  }
}
