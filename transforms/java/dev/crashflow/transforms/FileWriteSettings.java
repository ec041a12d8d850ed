package dev.crashflow.transforms;

import java.io.Serializable;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * How file sinks (raw archive, local warehouse tables) cut their files. Bounded input is written
 * once at the end by {@code FileIO}, in the global window (windowed rows such as crash_counts
 * would otherwise make a set of files per window). Unbounded input goes through {@link
 * WriteStableFiles}: re-windowed into the global window with a processing-time trigger, so a file
 * pane is flushed every {@code flushEvery} and no element is ever dropped as late, and written so
 * that a runner's replay after a failure neither loses nor duplicates rows.
 */
public record FileWriteSettings(Duration flushEvery, int streamingShards) implements Serializable {

  public static FileWriteSettings defaults() {
    return new FileWriteSettings(Duration.standardSeconds(30), 2);
  }

  /** Writes bounded input with {@code write}, in one set of files for the whole run. */
  <DestT, T> WriteFilesResult<DestT> applyTo(PCollection<T> input, FileIO.Write<DestT, T> write, String name) {
    if (input.isBounded() != PCollection.IsBounded.BOUNDED) {
      throw new IllegalArgumentException(name + ": unbounded input is written with WriteStableFiles");
    }
    return input
        .apply(name + "Global", Window.<T>into(new GlobalWindows()))
        .apply(name, write);
  }
}
