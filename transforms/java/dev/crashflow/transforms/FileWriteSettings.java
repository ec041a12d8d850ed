package dev.crashflow.transforms;

import java.io.Serializable;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * How file sinks (raw archive, local warehouse tables) cut their files. Bounded input is written
 * once at the end, in the global window (windowed rows such as crash_counts would otherwise make
 * a set of files per window). Unbounded input is re-windowed into the global window with a processing-time
 * trigger, so a file pane is flushed every {@code flushEvery} and no element is ever dropped as
 * late (event-time windows would drop data past their allowed lateness).
 */
public record FileWriteSettings(Duration flushEvery, int streamingShards) implements Serializable {

  public static FileWriteSettings defaults() {
    return new FileWriteSettings(Duration.standardSeconds(30), 2);
  }

  <DestT, T> WriteFilesResult<DestT> applyTo(PCollection<T> input, FileIO.Write<DestT, T> write, String name) {
    if (input.isBounded() == PCollection.IsBounded.BOUNDED) {
      // One set of files for the whole run, not one per upstream event-time window.
      return input
          .apply(name + "Global", Window.<T>into(new GlobalWindows()))
          .apply(name, write);
    }
    return input
        .apply(name + "Panes", Window.<T>into(new GlobalWindows())
            .triggering(Repeatedly.forever(
                AfterProcessingTime.pastFirstElementInPane().plusDelayOf(flushEvery)))
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes())
        .apply(name, write.withNumShards(streamingShards));
  }
}
