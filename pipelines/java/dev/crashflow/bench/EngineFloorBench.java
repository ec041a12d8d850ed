package dev.crashflow.bench;

import dev.crashflow.cli.Counters;
import dev.crashflow.pipelines.CrashPipeline;
import dev.crashflow.pipelines.CrashflowOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The engine's floor: what Beam on Flink costs to move the corpus with none of crashflow's work.
 * Every message is read as a line, keyed by a hash of its text, shuffled once (the least the
 * pipeline must do: deduplication is keyed) and written back to files, on the same runner, engine
 * settings and parallelism as the whole pipeline. No pipeline can run faster than this on the
 * same machine, so it says how much of a throughput target the engine alone leaves room for.
 */
final class EngineFloorBench {
  static final String PART = "floor";

  private EngineFloorBench() {}

  static Figures run(BenchCorpus.Written corpus, Path output, int parallelism,
      List<String> extraOptions) {
    List<String> args = new ArrayList<>(List.of("--runner=FlinkRunner",
        "--parallelism=" + parallelism, "--input=" + corpus.events(), "--output=" + output));
    PipelineBench.override(args, extraOptions);
    CrashflowOptions options = CrashPipeline.options(args.toArray(String[]::new));
    Meter meter = Meter.start();
    Pipeline p = Pipeline.create(options);
    p.apply("ReadLines", TextIO.read().from(corpus.events().toString()))
        .apply("KeyByHash", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.integers(), TypeDescriptors.strings()))
            .via((String line) -> KV.of(line.hashCode(), line)))
        .apply("Shuffle", GroupByKey.create())
        .apply("Count", ParDo.of(new CountFn()))
        .apply("WriteLines", TextIO.write().to(output.resolve("lines").toString()).withSuffix(".jsonl"));
    PipelineBench.Finished run = PipelineBench.Finished.of(p, meter, "the engine floor on flink");
    long lines = Counters.of(run.result(), false).getOrDefault("floor_lines", 0L);
    if (lines != corpus.messages()) {
      throw new IllegalStateException("the engine floor moved " + lines + " lines of "
          + corpus.messages());
    }
    return new Figures("floor flink", "one shuffle", lines, corpus.bytes(), run.wall(), run.cpu(),
        run.peak(), Map.of("lines", lines, "jit_compile_ms", Math.round(run.jit() * 1e3)));
  }

  /** Passes every line of a key on, counting them. */
  static class CountFn extends DoFn<KV<Integer, Iterable<String>>, String> {
    private final Counter lines = Metrics.counter("crashflow", "floor_lines");

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<String>> kv, OutputReceiver<String> out) {
      for (String line : kv.getValue()) {
        lines.inc();
        out.output(line);
      }
    }
  }
}
