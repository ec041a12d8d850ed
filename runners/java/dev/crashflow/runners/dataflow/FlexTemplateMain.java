package dev.crashflow.runners.dataflow;

import dev.crashflow.pipelines.CrashPipeline;
import dev.crashflow.pipelines.CrashflowOptions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.beam.runners.dataflow.DataflowPipelineJob;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.sdk.PipelineResult;

/**
 * Main class of the Dataflow Flex Template ({@code FLEX_TEMPLATE_JAVA_MAIN_CLASS}). The template
 * launcher runs it with the launch parameters as {@code --name=value} arguments; it builds the
 * crash pipeline, submits it and returns without waiting. Waiting would be wrong twice over: the
 * launcher waits for {@code main} to exit and a streaming job never finishes, and when the
 * launcher passes {@code --templateLocation} the runner only writes the job spec and its result
 * cannot be waited on at all.
 *
 * <p>The runner defaults to Dataflow here ({@link CrashPipeline}'s own default, embedded Flink, is
 * for local runs). The same class submits a job from a workstation:
 * {@code java -cp target/crashflow.jar dev.crashflow.runners.dataflow.FlexTemplateMain --project=...}.
 */
public final class FlexTemplateMain {
  public static final String RUNNER = "DataflowRunner";

  private FlexTemplateMain() {}

  public static void main(String[] args) {
    PipelineResult result = CrashPipeline.run(options(args));
    if (result instanceof DataflowTemplateJob) {
      System.out.println("crashflow: job spec written for the template launcher");
    } else if (result instanceof DataflowPipelineJob job) {
      System.out.printf("crashflow: submitted Dataflow job %s: https://console.cloud.google.com/dataflow/jobs/%s/%s?project=%s%n",
          job.getJobId(), job.getRegion(), job.getJobId(), job.getProjectId());
    } else {
      System.out.println("crashflow: pipeline submitted (" + result.getClass().getSimpleName() + ")");
    }
  }

  /** The options of a launch: {@code args}, with {@code --runner=DataflowRunner} unless another runner is named. */
  public static CrashflowOptions options(String[] args) {
    boolean runnerGiven = Arrays.stream(args).anyMatch(a -> a.startsWith("--runner=") || a.equals("--runner"));
    String[] all = runnerGiven ? args
        : Stream.concat(Stream.of("--runner=" + RUNNER), Arrays.stream(args)).toArray(String[]::new);
    return CrashPipeline.options(all);
  }
}
