package dev.crashflow.cli;

import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The publish progress bar on stderr: input bytes read against the files' total size (gzip
 * counts compressed bytes), with the published and failed counts. A no-op when quiet or when
 * there is no terminal, so redirected output and CI logs stay clean.
 */
final class PublishProgress implements AutoCloseable {
  private final ProgressBar bar;
  private final AtomicLong bytesRead;
  private final PublishStats stats;

  private PublishProgress(ProgressBar bar, AtomicLong bytesRead, PublishStats stats) {
    this.bar = bar;
    this.bytesRead = bytesRead;
    this.stats = stats;
  }

  /** A bar when {@code wanted} and on a terminal; {@code totalBytes} below 0 means unknown. */
  static PublishProgress start(
      boolean wanted, long totalBytes, AtomicLong bytesRead, PublishStats stats) {
    if (!wanted || System.console() == null) {
      return new PublishProgress(null, bytesRead, stats);
    }
    boolean big = totalBytes < 0 || totalBytes >= 64L << 20;
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName("publish")
        .setInitialMax(totalBytes)
        .setUnit(big ? "MiB" : "KiB", big ? 1L << 20 : 1L << 10)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .showSpeed()
        .build();
    return new PublishProgress(bar, bytesRead, stats);
  }

  void update() {
    if (bar != null) {
      bar.stepTo(bytesRead.get());
      bar.setExtraMessage(" " + stats.published() + " ok, " + stats.failed() + " failed");
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      update();
      bar.close();
    }
  }
}
