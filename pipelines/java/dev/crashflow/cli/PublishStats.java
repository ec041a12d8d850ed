package dev.crashflow.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what {@link PublishCommand} did, from the reading thread and the publisher's callback
 * threads, and reports bad lines without flooding the terminal: the first few are printed one
 * by one, the rest only counted.
 */
final class PublishStats {
  private final PrintWriter err;
  private final int maxReported;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong reported = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final Object settled = new Object();
  private long pending;

  PublishStats(PrintWriter err, int maxReported) {
    this.err = err;
    this.maxReported = maxReported;
  }

  /** A message was handed to the publisher; it is pending until its callback runs. */
  void submitted() {
    synchronized (settled) {
      pending++;
    }
  }

  void succeeded() {
    published.incrementAndGet();
    settle();
  }

  /** A submitted message failed to publish. */
  void failedPublish(String where, Throwable t) {
    failed.incrementAndGet();
    report(where, "publish failed: " + describe(t));
    settle();
  }

  /** A line that was never submitted (unparseable, or over a Pub/Sub limit). */
  void failedLine(String where, String message) {
    failed.incrementAndGet();
    report(where, message);
  }

  /** Something that is not one message failed (an unreadable file, a timeout). */
  void error(String where, String message) {
    report(where, message);
  }

  long published() {
    return published.get();
  }

  long failed() {
    return failed.get();
  }

  long pending() {
    synchronized (settled) {
      return pending;
    }
  }

  /** "file:line: message" of the first failure, or null if none. */
  String firstError() {
    return firstError.get();
  }

  /** Waits until every submitted message has succeeded or failed; false on timeout. */
  boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (settled) {
      while (pending > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        settled.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private void settle() {
    synchronized (settled) {
      pending--;
      if (pending == 0) {
        settled.notifyAll();
      }
    }
  }

  private void report(String where, String message) {
    String text = where + ": " + message;
    firstError.compareAndSet(null, text);
    long n = reported.incrementAndGet();
    if (n <= maxReported) {
      err.println(text);
    } else if (n == maxReported + 1) {
      err.println("(more errors: only counting from here)");
    }
  }

  private static String describe(Throwable t) {
    // gax wraps the gRPC status; the innermost message is the one that explains.
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.toString();
    return root == t ? message : t.getClass().getSimpleName() + ": " + message;
  }
}
