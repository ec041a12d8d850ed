package dev.crashflow.cli;

import java.io.PrintStream;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;

/**
 * Prints a progress line every second while a pipeline runs: elapsed time and, where the runner
 * reports metrics while running (DirectRunner), messages read, events written, dead letters and
 * duplicates. On a terminal the line rewrites itself; in logs it prints every 10 seconds.
 */
final class Progress {
  private final PrintStream out;
  private final boolean tty = System.console() != null;
  private final long start = System.nanoTime();
  private volatile PipelineResult result;
  private volatile boolean running = true;
  private final Thread thread;

  private Progress(PrintStream out) {
    this.out = out;
    this.thread = new Thread(this::loop, "crashflow-progress");
    this.thread.setDaemon(true);
  }

  static Progress start(PrintStream out) {
    Progress p = new Progress(out);
    p.thread.start();
    return p;
  }

  void watch(PipelineResult r) {
    this.result = r;
  }

  void stop() {
    if (running) {
      running = false;
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (tty) {
        out.println();
      }
    }
  }

  private void loop() {
    long tick = 0;
    while (running) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      tick++;
      if (!tty && tick % 10 != 0) {
        continue;
      }
      String line = line();
      if (tty) {
        out.print("\r" + line + "   ");
      } else {
        out.println(line);
      }
      out.flush();
    }
  }

  private String line() {
    long secs = (System.nanoTime() - start) / 1_000_000_000L;
    StringBuilder s = new StringBuilder(String.format("  [%3ds] running", secs));
    PipelineResult r = result;
    if (r != null) {
      try {
        Map<String, Long> c = Counters.of(r, false);
        s.append(String.format(" · read %d · events %d · sessions %d · dead letters %d · duplicates %d",
            c.getOrDefault("read_messages", 0L), c.getOrDefault("rows_written_crash_events", 0L),
            c.getOrDefault("rows_written_sessions", 0L), Counters.deadLetters(c),
            c.getOrDefault("dedup_duplicates_dropped", 0L)));
      } catch (RuntimeException e) {
        // Some runners report metrics only at the end.
      }
    }
    return s.toString();
  }
}
