package dev.crashflow.testing;

import dev.crashflow.pipelines.CrashPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.PipelineResult;

/**
 * The pipeline's output for the bundled sample corpus, made once per test JVM (embedded Flink,
 * about 15 s on 2 idle cores) and shared by the test classes that only read it (views, documented
 * queries, the report). Treat it as read-only.
 */
public final class SampleWarehouse {

  private static Path output;

  private SampleWarehouse() {}

  /** The run's output root ({@code <root>/warehouse}, {@code <root>/archive}). */
  public static synchronized Path output() {
    if (output == null) {
      try {
        Path dir = Files.createTempDirectory("sample-warehouse");
        PipelineResult result = CrashPipeline.run(new String[] {"--output=" + dir});
        if (result.waitUntilFinish() != PipelineResult.State.DONE) {
          throw new IllegalStateException("the pipeline did not finish on the sample corpus");
        }
        output = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return output;
  }

  /** The local warehouse folder of that run. */
  public static Path warehouse() {
    return output().resolve("warehouse");
  }
}
