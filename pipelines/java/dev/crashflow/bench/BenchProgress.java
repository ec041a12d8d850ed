package dev.crashflow.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar for the bench: the current part, how much of it is done when that is known
 * (corpus writing, ceiling, stages) and the elapsed time; parts whose progress is unknown (a
 * pipeline on a runner that reports metrics only at the end) show a moving marker. On a
 * terminal the line rewrites itself twice a second; in logs a line is printed every 10 seconds.
 */
public final class BenchProgress implements AutoCloseable {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean tty;
  private final Thread thread;
  private final AtomicLong done = new AtomicLong();
  private volatile String part = "";
  private volatile long total;
  private volatile long partStart = System.nanoTime();
  private volatile boolean running = true;

  public BenchProgress(PrintStream out, boolean tty) {
    this.out = out;
    this.tty = tty;
    this.thread = new Thread(this::loop, "crashflow-bench-progress");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Starts a part; {@code total} is its amount of work, or 0 when unknown. */
  public void begin(String name, long total) {
    this.part = name;
    this.total = total;
    this.done.set(0);
    this.partStart = System.nanoTime();
  }

  public void advance(long doneSoFar) {
    done.set(doneSoFar);
  }

  String line(long tick) {
    long secs = (System.nanoTime() - partStart) / 1_000_000_000L;
    StringBuilder bar = new StringBuilder("[");
    long t = total;
    if (t > 0) {
      int filled = (int) Math.min(WIDTH, done.get() * WIDTH / t);
      bar.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      bar.append(String.format("%3d%% %s", Math.min(100, done.get() * 100 / t), part));
    } else {
      int at = (int) (tick % WIDTH);
      bar.append(".".repeat(at)).append('#').append(".".repeat(WIDTH - at - 1)).append("] ");
      bar.append("     ").append(part);
    }
    return bar.append(String.format(" %4ds", secs)).toString();
  }

  private void loop() {
    long tick = 0;
    while (running) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      tick++;
      if (tty) {
        out.print("\r" + line(tick) + "   ");
        out.flush();
      } else if (tick % 20 == 0) {
        out.println(line(tick));
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (tty) {
      out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
      out.flush();
    }
  }
}
