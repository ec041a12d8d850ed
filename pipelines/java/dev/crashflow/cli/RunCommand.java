package dev.crashflow.cli;

import dev.crashflow.pipelines.CrashPipeline;
import dev.crashflow.pipelines.CrashflowOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code crashflow run [--option=value ...]}: runs the crash pipeline. Every argument is a Beam
 * pipeline option ({@code --help} lists crashflow's). With no arguments it runs the bundled
 * sample corpus on embedded Flink into {@code ./crashflow-out}.
 */
@Command(name = "run", description = {
    "Run the crash pipeline. All arguments are pipeline options (--name=value).",
    "No arguments: the bundled sample corpus on embedded Flink into ./crashflow-out.",
    "Without --runner the runner is embedded Flink (FlinkRunner); --runner=DirectRunner also works.",
    "Examples:",
    "  run --input='events/*.jsonl.gz' --output=out",
    "  run --runner=FlinkRunner",
    "  run --inputType=pubsub --subscription=projects/p/subscriptions/s --streaming"})
public final class RunCommand implements Callable<Integer> {
  @Option(names = {"-h", "--help"}, description = "Show this help and every pipeline option.")
  boolean help;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--append", description = "Keep earlier local outputs under --output (default: replace them).")
  boolean append;

  @Unmatched
  List<String> pipelineArgs = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    PipelineOptionsFactory.register(CrashflowOptions.class);
    if (help) {
      spec.commandLine().usage(out);
      out.println();
      PipelineOptionsFactory.printHelp(out, CrashflowOptions.class);
      return 0;
    }
    CrashflowOptions options = CrashPipeline.options(pipelineArgs.toArray(String[]::new));
    if (options.getRunner().getSimpleName().equals("DirectRunner")) {
      options.as(DirectOptions.class).setBlockOnRun(false);
    }
    boolean local = options.getOutputType() == CrashflowOptions.OutputType.local;
    if (local && !append) {
      LocalOutputs.clear(Path.of(options.getOutput()), out);
    }
    Pipeline p = Pipeline.create(options);
    CrashPipeline.build(p, options, dev.crashflow.pipelines.IoOverrides.NONE);
    long start = System.nanoTime();
    out.printf("crashflow: running on %s (input: %s)%n", options.getRunner().getSimpleName(),
        options.getInputType() == CrashflowOptions.InputType.pubsub ? options.getSubscription()
            : options.getInput().isEmpty() ? "bundled sample corpus" : options.getInput());
    Progress progress = Progress.start(out);
    PipelineResult result;
    try {
      result = p.run();
      if (detachedOnFlink(options)) {
        progress.stop();
        out.printf("crashflow: submitted detached to the Flink cluster at %s as '%s'%n",
            options.as(FlinkPipelineOptions.class).getFlinkMaster(), options.getJobName());
        return 0;
      }
      progress.watch(result);
      PipelineResult.State state = result.waitUntilFinish();
      progress.stop();
      if (state != PipelineResult.State.DONE) {
        out.println("crashflow: pipeline ended in state " + state);
        return 1;
      }
    } finally {
      progress.stop();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Summary.print(out, result, options, seconds);
    return 0;
  }

  /** A job handed to a Flink cluster with {@code --attachedMode=false}: it runs on without us. */
  static boolean detachedOnFlink(CrashflowOptions options) {
    return options.getRunner().getSimpleName().equals("FlinkRunner")
        && !options.as(FlinkPipelineOptions.class).getAttachedMode();
  }

  static Duration poll() {
    return Duration.standardSeconds(1);
  }
}
